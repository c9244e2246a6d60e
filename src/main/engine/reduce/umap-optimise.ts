/**
 * umap-js's layout optimisation started from our own graph and initial layout.
 *
 * umap-js 1.4 has no public way to hand it a graph: initializeFit always builds one with its slow
 * SparseMatrix (see umap-graph.ts). So we fill the private state that initializeFit would have
 * filled (the graph's size, the embedding, the sampled edges) and let it derive the rest with its
 * own initializeOptimization and prepareForOptimizationLoop; step() then runs its epochs
 * unchanged. The umap test checks that this gives bit-identical layouts to initializeFit.
 */
import { UMAP } from 'umap-js'
import { UmapError } from './umap-knn'

/** The parts of umap-js's UMAP object that initializeFit sets. */
interface UmapInternals {
  graph: { nRows: number; nCols: number }
  embedding: number[][]
  isInitialized: boolean
  optimizationState: { head: number[]; tail: number[]; epochsPerSample: number[] }
  initializeOptimization(): void
  prepareForOptimizationLoop(): void
}

export interface OptimiserInput {
  nNeighbors: number
  minDist: number
  nComponents: number
  nEpochs: number
  random: () => number
  /** n rows of nComponents: the starting layout, moved in place. */
  embedding: number[][]
  head: number[]
  tail: number[]
  epochsPerSample: number[]
}

export function startOptimiser(input: OptimiserInput): UMAP {
  const { nNeighbors, minDist, nComponents, nEpochs, random, embedding, head, tail, epochsPerSample } = input
  const model = new UMAP({ nNeighbors, minDist, nComponents, nEpochs, random })
  const inner = model as unknown as UmapInternals
  if (typeof inner.initializeOptimization !== 'function' || typeof inner.prepareForOptimizationLoop !== 'function' || !inner.optimizationState) {
    throw new UmapError('This version of umap-js is not the 1.4 that the layout code was written for. Reinstall the dependencies with "npm ci".')
  }
  inner.graph = { nRows: embedding.length, nCols: embedding.length }
  inner.embedding = embedding
  Object.assign(inner.optimizationState, { head, tail, epochsPerSample })
  inner.initializeOptimization()
  inner.prepareForOptimizationLoop()
  inner.isInitialized = true
  return model
}

/** umap-js's starting layout: uniform in [−10, 10) per coordinate, drawn row by row. */
export function randomLayout(n: number, nComponents: number, random: () => number): number[][] {
  return Array.from({ length: n }, () => Array.from({ length: nComponents }, () => random() * 20 + -10))
}
