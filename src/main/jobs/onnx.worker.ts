import { workerData } from 'node:worker_threads'
import sharp from 'sharp'
import { OnnxEncoder, type Embeddings } from '../engine/nn/onnx-encoder'
import type { Sidecar } from '../engine/nn/onnx-sidecar'
import { serveTasks } from './serve-worker'

/** What every onnx.worker of a pool shares: the model, read once per worker. */
export interface OnnxWorkerData {
  modelPath: string
  /** The sidecar as the parent read it, so that every worker prepares images alike. */
  sidecar: Sidecar | null
  intraOpNumThreads: number
}

/** A run of consecutive files; the failures' indices count from its first. */
export interface OnnxTask {
  paths: string[]
  batchSize: number
}

export interface OnnxPart extends Embeddings {
  warnings: string[]
}

// The pool shares the cores between its workers' onnxruntime threads; libvips's own would compete.
sharp.concurrency(1)
sharp.cache(false)

const data = workerData as OnnxWorkerData
let encoder: Promise<OnnxEncoder> | null = null

serveTasks<OnnxTask, OnnxPart>(async ({ paths, batchSize }) => {
  // The model opens once, on the first task, and serves every later one.
  encoder ??= OnnxEncoder.open(data.modelPath, { sidecar: data.sidecar, intraOpNumThreads: data.intraOpNumThreads })
  const opened = await encoder
  const result = await opened.embedFiles(paths, { batchSize })
  return { ...result, warnings: opened.plan.warnings }
})
