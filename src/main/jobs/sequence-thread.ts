/**
 * Runs a sequence clustering (sequence-work.ts) on a clustering thread of its own, as
 * runPipelineOnThread does for feature sets: progress through onStage, and an abort that stops
 * the thread at once.
 */
import { Worker } from 'node:worker_threads'
import type { SequenceSettings } from '../../shared/contract'
import type { FromClusterThread, ToClusterThread } from './cluster-messages'
import type { SequenceWork, SequenceWorkResult } from './sequence-work'
import { watchThread } from './thread-start'
import { workerEntry } from './worker-entry'

export function runSequencesOnThread(
  sequences: string[], groups: Int32Array | null, settings: SequenceSettings, seed: number, work: SequenceWork = {}
): Promise<SequenceWorkResult> {
  const { signal, onStage } = work
  if (signal?.aborted) return Promise.reject(signal.reason)
  const entry = workerEntry('cluster.worker')
  const worker = new Worker(entry.file, { execArgv: entry.execArgv })
  const result = watchThread<SequenceWorkResult, Exclude<FromClusterThread, { type: 'error' }>>(worker, {
    signal,
    onAbort: (settle) => settle.reject(signal!.reason),
    onMessage: (msg, settle) => {
      if (msg.type === 'stage') onStage?.(msg.stage, msg.done, msg.total)
      else if (msg.type === 'sequences-result') settle.resolve(msg.result)
    },
    failKind: 'cluster-thread-failed',
    errorText: (message) => `The clustering stopped with an error: ${message}`,
    exitText: (code) =>
      `The clustering stopped unexpectedly (exit code ${code}). If the machine ran out of memory, try a smaller dataset or close other programs.`
  })
  const msg: ToClusterThread = { type: 'sequences', sequences, groups, settings, seed }
  worker.postMessage(msg)
  return result
}
