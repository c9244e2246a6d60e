import type { ErrorInfo, SequenceSettings } from '../../shared/contract'
import type { SequenceWorkResult } from './sequence-work'
import type { PipelineParams, PipelineResult } from '../engine/pipeline'

/**
 * Messages between a clustering run's thread and the main side. The stage cache lives in the
 * main side's database, so the thread asks for a stored stage and hands new ones back.
 */
export type ToClusterThread =
  | { type: 'run'; data: Float32Array; rows: number; cols: number; groups: Int32Array | null; params: PipelineParams; inputKey: string | null; workers: number }
  | { type: 'sequences'; sequences: string[]; groups: Int32Array | null; settings: SequenceSettings; seed: number }
  | { type: 'cache-reply'; id: number; value: Float32Array | null }
  | { type: 'cancel' }

export type FromClusterThread =
  | { type: 'stage'; stage: string; done: number; total: number | null }
  | { type: 'cache-get'; id: number; key: string }
  | { type: 'cache-set'; key: string; value: Float32Array }
  | { type: 'result'; result: PipelineResult }
  | { type: 'sequences-result'; result: SequenceWorkResult }
  | { type: 'error'; error: ErrorInfo }
