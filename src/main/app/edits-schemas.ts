/** The schemas of edit operations and label exports, checked before any edit handler runs. */
import { z } from 'zod'
import { MAX_EDIT_ITEMS, MAX_SPLIT_K, OUTLIER_LABEL } from '../../shared/types/edits'

const itemId = z.number().int().positive().max(Number.MAX_SAFE_INTEGER)
/** A cluster label: the outliers' −1 or a cluster's number. */
const cluster = z.number().int().min(OUTLIER_LABEL).max(1_000_000)
const items = z.array(itemId).min(1, 'select at least one image').max(MAX_EDIT_ITEMS, `at most ${MAX_EDIT_ITEMS.toLocaleString('en')} images can be edited at once`)
const name = z.string().max(200, 'a cluster name can be at most 200 characters').refine((s) => !s.includes('\0'), 'a name cannot contain a NUL byte')
const colour = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'a colour is written #rrggbb')

export const EDIT_OP_SCHEMA = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('rename'), cluster, name: name.optional(), colour: colour.nullable().optional(), notes: z.string().max(10_000).optional() }).strict(),
  z.object({ kind: z.literal('merge'), clusters: z.array(cluster.min(0)).min(2, 'choose at least two clusters to merge').max(1000) }).strict(),
  z.object({ kind: z.literal('split'), cluster: cluster.min(0), k: z.union([z.literal('auto'), z.number().int().min(2).max(MAX_SPLIT_K)]) }).strict(),
  z.object({ kind: z.literal('move'), items, to: cluster }).strict(),
  z.object({ kind: z.literal('new-cluster'), items, name: name.optional() }).strict(),
  z.object({ kind: z.literal('outliers'), items }).strict()
])

export const LABEL_EXPORT_SCHEMA = z
  .object({
    datasetId: itemId,
    format: z.enum(['csv', 'json']),
    folder: z
      .object({
        path: z.string().min(1).max(4096).refine((p) => !p.includes('\0'), 'a path cannot contain a NUL byte'),
        mode: z.enum(['copy', 'link'])
      })
      .strict()
      .optional()
  })
  .strict()
