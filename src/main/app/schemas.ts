import { z } from 'zod'
import type { ArgOf, Channel } from '../../shared/contract'
import { NEAREST_MAX_K } from '../../shared/types/models'
import { SIMILAR_MAX_K } from '../../shared/types/similar'
import { EDIT_OP_SCHEMA, LABEL_EXPORT_SCHEMA } from './edits-schemas'

const id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER)
const none = z.object({}).strict()
const paramValue = z.union([z.number().finite(), z.string().max(64), z.boolean()])
const filePath = z.string().min(1).max(4096).refine((p) => !p.includes('\0'), 'a path cannot contain a NUL byte')
/** 10 gigapixels: far above any photo or scan, still below what would exhaust the decoder's memory checks. */
const MAX_MEGAPIXELS = 10_000

/** The schema of every channel's argument; nothing the renderer sends is trusted before it passes. */
export const ARG_SCHEMAS = {
  'app:info': none,
  'datasets:list': none,
  'datasets:get': z.object({ id }).strict(),
  'datasets:remove': z.object({ id }).strict(),
  'items:list': z.object({ datasetId: id }).strict(),
  'items:get': z.object({ id }).strict(),
  'import:start': z
    .object({
      paths: z.array(z.string().min(1).max(4096).refine((p) => !p.includes('\0'), 'a path cannot contain a NUL byte')).min(1).max(100),
      followSymlinks: z.boolean().optional(),
      maxMegapixels: z
        .number()
        .finite()
        .min(0.01, 'the pixel limit must be at least 0.01 megapixels (10,000 pixels)')
        .max(MAX_MEGAPIXELS, `the pixel limit can be at most ${MAX_MEGAPIXELS.toLocaleString('en')} megapixels`)
        .optional()
    })
    .strict(),
  'features:methods': none,
  'features:list': z.object({ datasetId: id }).strict(),
  'duplicates:start': z.object({ datasetId: id, threshold: z.number().int().min(0, 'the threshold is a count of bits, 0 or more').max(32, 'a threshold above 32 of 64 bits would group unrelated images').optional() }).strict(),
  'duplicates:get': z.object({ datasetId: id }).strict(),
  'features:start': z
    .object({
      datasetId: id,
      method: z.string().min(1).max(64),
      params: z.record(z.string().max(64), z.union([z.number().finite(), z.string().max(64), z.boolean()])).optional(),
      post: z.string().max(200).optional()
    })
    .strict(),
  'features:remove': z.object({ id }).strict(),
  'runs:defaults': none,
  'runs:list': z.object({ datasetId: id.optional() }).strict(),
  'runs:get': z.object({ id }).strict(),
  'runs:start': z
    .object({
      datasetId: id,
      featureSetId: id.optional(),
      settings: z
        .object({
          post: z.string().max(200).optional(),
          reduce: z
            .object({
              method: z.enum(['umap', 'pca', 'none']),
              nNeighbors: z.number().int().min(2).max(200),
              minDist: z.number().min(0).max(1),
              metric: z.enum(['euclidean', 'cosine']),
              pcaBefore: z.number().int().min(2).max(4096).nullable(),
              clusterDims: z.number().int().min(2).max(64)
            })
            .partial()
            .strict()
            .optional(),
          cluster: z
            .object({
              algo: z.enum(['kmeans', 'dbscan', 'hdbscan']),
              on: z.enum(['reduced', 'features']),
              k: z.union([z.literal('auto'), z.number().int().min(1).max(1000)]),
              eps: z.union([z.literal('auto'), z.number().positive().finite()]),
              minSamples: z.union([z.literal('auto'), z.number().int().min(1).max(1000)]),
              minClusterSize: z.union([z.literal('auto'), z.number().int().min(2).max(100_000)])
            })
            .partial()
            .strict()
            .optional(),
          seed: z.number().int().min(0).max(2 ** 32 - 1).optional(),
          sequences: z
            .object({
              k: z.union([z.literal('auto'), z.number().int().min(2).max(64)]),
              jaccard: z.union([z.literal('auto'), z.number().gt(0).lt(1)]),
              maxDistance: z.number().gt(0).lt(1),
              minSamples: z.number().int().min(1).max(1000),
              method: z.enum(['dbscan', 'components'])
            })
            .partial()
            .strict()
            .optional()
        })
        .strict()
        .optional()
    })
    .strict(),
  'runs:remove': z.object({ id }).strict(),
  'runs:report': z.object({ id, format: z.enum(['html', 'csv', 'json', 'pdf']) }).strict(),
  'edits:apply': z.object({ runId: id, op: EDIT_OP_SCHEMA }).strict(),
  'edits:undo': z.object({ runId: id }).strict(),
  'edits:redo': z.object({ runId: id }).strict(),
  'edits:list': z.object({ runId: id }).strict(),
  'labels:list': z.object({ datasetId: id }).strict(),
  'labels:export': LABEL_EXPORT_SCHEMA,
  'labels:import': z.object({ datasetId: id, path: filePath }).strict(),
  'models:backends': none,
  'models:list': z.object({ datasetId: id.optional() }).strict(),
  'models:catalogue': none,
  'models:get': z.object({ id }).strict(),
  'models:train': z
    .object({
      datasetId: id,
      kind: z.enum(['autoencoder', 'siamese']),
      params: z.record(z.string().max(64), paramValue).optional(),
      labels: z.enum(['groups', 'labels']).optional(),
      epochs: z.number().int().min(1).max(10_000).optional(),
      backend: z.enum(['tfjs-node-gpu', 'webgpu', 'tfjs-node', 'wasm', 'cpu']).optional(),
      resumeModelId: id.optional(),
      seed: z.number().int().min(0).max(2 ** 32 - 1).optional(),
      featureSetId: id.optional()
    })
    .strict(),
  'models:embed': z.object({ datasetId: id, modelId: id.optional(), onnxPath: filePath.optional() }).strict(),
  'models:compare': z.object({ modelId: id, a: id, b: id }).strict(),
  'models:nearest': z
    .object({ modelId: id, path: filePath, k: z.number().int().min(1).max(NEAREST_MAX_K, `at most ${NEAREST_MAX_K} nearest items can be asked for`).optional(), datasetId: id.optional() })
    .strict(),
  'models:remove': z.object({ id }).strict(),
  'similar:find': z
    .object({
      datasetId: id,
      itemId: id.optional(),
      path: filePath.optional(),
      k: z.number().int().min(1, 'k is at least 1').max(SIMILAR_MAX_K, `at most ${SIMILAR_MAX_K} similar items can be asked for`).optional(),
      featureSetId: id.optional(),
      index: z.enum(['auto', 'exact', 'e2lsh', 'simhash', 'hnsw']).optional()
    })
    .strict()
    .refine((r) => (r.itemId === undefined) !== (r.path === undefined), 'give either an item or an image path, not both or neither'),
  'similar:index': z
    .object({
      datasetId: id,
      featureSetId: id.optional(),
      kind: z.enum(['e2lsh', 'simhash', 'hnsw']),
      targetRecall: z.number().gt(0, 'the target recall is above 0').max(1, 'the target recall is at most 1').optional()
    })
    .strict(),
  'jobs:list': none,
  'jobs:cancel': z.object({ id }).strict(),
  'jobs:resume': z.object({ id }).strict(),
  'dialog:pickFolders': none
} satisfies { [C in Channel]: z.ZodType<ArgOf<C>> }

/** Turns zod's issues into one sentence a user or a developer can act on. */
export function describeIssues(channel: string, error: z.ZodError): string {
  const parts = error.issues.map((i) => `${i.path.length ? i.path.join('.') : 'argument'}: ${i.message}`)
  return `Invalid request to ${channel}: ${parts.join('; ')}.`
}

const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype'])

/**
 * The path of the first key in `value` that names prototype machinery, or null. A parsed
 * `{"__proto__": ...}` is an own property that zod passes over without a word, and a
 * `constructor` key is looked up on the prototype chain; neither belongs in any argument.
 */
export function prototypeKeyPath(value: unknown, path: string[] = [], depth = 0): string | null {
  if (typeof value !== 'object' || value === null || depth > 32) return null
  for (const key of Object.keys(value)) {
    if (PROTOTYPE_KEYS.has(key)) return [...path, key].join('.')
    const found = prototypeKeyPath((value as Record<string, unknown>)[key], [...path, key], depth + 1)
    if (found) return found
  }
  return null
}
