/** Messages between a training or embedding job (train-thread.ts) and its thread (train.worker.ts). */
import type { BackendReport, CurvePoint, ErrorInfo } from '../../shared/contract'
import type { BackendAvailability, BackendName } from '../engine/nn/backends'
import type { FusionModel } from '../engine/nn/fusion'
import type { TrainProgress } from '../engine/nn/train-loop'
import type { FlatParams } from './train-params'

export interface TrainWorkerData {
  /** Train a model; embed the files with a saved one; or only report the backends. */
  mode: 'train' | 'embed' | 'backends'
  kind: 'autoencoder' | 'siamese'
  params: FlatParams
  /** Absolute paths of the images, in the order of the rows (none when the model learns from a feature set). */
  files: string[]
  /**
   * A feature set's vectors, row-major [rows, cols], in place of the images; its buffer is
   * transferred to the thread, not copied.
   */
  matrix?: { data: Float32Array; cols: number } | null
  /** Siamese: the class of each file (or matrix row). */
  labels: Int32Array | null
  /** The model's folder (absolute); checkpoints in `checkpoint/`, the trained network beside them. */
  dir: string
  epochs: number
  seed: number
  backend: BackendName | null
  limitInputPixels: number
  maxFileBytes: number
  /** An Int32Array(1) over it: set to 1 to stop after the current batch (the thread never idles to read messages). */
  cancel: SharedArrayBuffer
}

export interface TrainOutcome {
  stopped: 'done' | 'early' | 'cancelled'
  curve: CurvePoint[]
  bestEpoch: number | null
  backend: BackendReport
  /** Rows × dim, one row per file read (in `read`); null when cancelled. */
  vectors: Float32Array | null
  dim: number
  /** Indices (into files) of the images read. */
  read: Int32Array
  failures: { index: number; reason: string }[]
  metrics: Record<string, number>
  fusion: FusionModel | null
}

export type FromTrainThread =
  | { type: 'backend'; report: BackendReport }
  | { type: 'phase'; phase: string; done: number; total: number | null }
  | { type: 'progress'; progress: TrainProgress }
  | { type: 'epoch'; point: CurvePoint }
  | { type: 'backends'; available: BackendAvailability[]; report: BackendReport | null; why: string | null }
  | { type: 'result'; outcome: TrainOutcome }
  | { type: 'error'; error: ErrorInfo }
