import sharp from 'sharp'
import { extractBatch, imageOfBlock, type FeatureBatch } from '../engine/features/batch'
import type { FeatureParams } from '../engine/features'
import { readFeaturePixels, type FeaturePixelOptions } from '../engine/io/feature-pixels'
import { serveTasks } from './serve-worker'

/** One batch of a features job: image files to decode, or pixels already in memory (an IDX file). */
export type FeatureTask =
  | { kind: 'files'; method: string; params: FeatureParams; paths: string[]; pixels: FeaturePixelOptions }
  | { kind: 'pixels'; method: string; params: FeatureParams; width: number; height: number; channels: number; count: number; data: Uint8Array }

// One worker per core already: libvips's own threads would only compete with the pool.
sharp.concurrency(1)
sharp.cache(false)

serveTasks<FeatureTask, FeatureBatch>((task) => {
  if (task.kind === 'files') {
    return extractBatch(task.method, task.params, task.paths.length, (i) => readFeaturePixels(task.paths[i]!, task.pixels))
  }
  return extractBatch(task.method, task.params, task.count, (i) => imageOfBlock(task.data, task.width, task.height, task.channels, i))
})
