/**
 * Near-duplicate images of a dataset, as a job: the 64-bit DCT hash and a 16 × 16 colour copy of
 * every image are computed as feature sets (so a second search reuses them), pairs within the
 * threshold of the hash are found through the multi-index and kept where the colour copies,
 * pooled to 8 × 8, correlate closely, and the pairs are joined into groups. Byte-identical files, which the import
 * already knows by their content hash, are reported apart and left out of the near-copy search.
 * The result is the job's result, kept in the library, so reopening the dataset shows it again.
 */
import type { DatasetSummary, DuplicateGroupInfo, DuplicatesRequest, DuplicatesResult, JobOf } from '../../shared/contract'
import { DEFAULT_DUPLICATE_THRESHOLD } from '../../shared/types/duplicates'
import { nearDuplicates, pearson, poolHalf, type PackedHashes } from '../engine/duplicates'
import { packBits } from '../engine/features/phash'
import type { JobContext } from '../jobs/runner'
import { runFeatures } from './features-service'
import { UserInputError } from './import-service'
import type { Library } from './library'

export interface DuplicatesJobParams {
  datasetId: number
  threshold: number
  thresholdReason: string
}

/**
 * The least correlation of the 8 × 8 colour copies for a close pair to count. Measured on the
 * duplicates benchmark (near copies by resizing, JPEG, crops up to 10 %, turns up to 5°,
 * brightness ±15 %, among drawn shapes and textures): different drawings of the same layout reach
 * about 0.93. The hash alone, at any threshold, either missed the turned and cropped copies or
 * grouped such drawings (best: precision 0.93 at recall 0.63); a 64-bit difference hash as the
 * second check did little better (0.90 at 0.79), a 16 × 16 correlation reached 0.985 at 0.91.
 */
export const CONFIRM_CORRELATION = 0.94
export const DEFAULT_REASON =
  'The default: on generated near copies (resized, recompressed, cropped up to 10 %, turned up to 5°, brightened ±15 %) ' +
  'it paired 94 % of the copies, and 99 % of the pairs it made were right; raise it for more heavily edited copies.'

const DCT_HASH = { kind: 'dct', bits: 64 }
const COLOUR_COPY = { size: 16, color: 'rgb' }

export function checkDuplicatesRequest(lib: Library, req: DuplicatesRequest): DuplicatesJobParams {
  const dataset = lib.datasets.get(req.datasetId)
  if (!dataset) throw new UserInputError(`There is no dataset ${req.datasetId}; it may have been removed.`)
  if (dataset.kind !== 'images') throw new UserInputError(`Near duplicates are found among images; ${dataset.name} holds ${dataset.kind}.`)
  if (req.threshold === undefined) return { datasetId: dataset.id, threshold: DEFAULT_DUPLICATE_THRESHOLD, thresholdReason: DEFAULT_REASON }
  return { datasetId: dataset.id, threshold: req.threshold, thresholdReason: `Chosen by you (the default is ${DEFAULT_DUPLICATE_THRESHOLD}).` }
}

export function createDuplicatesJob(lib: Library, dataset: DatasetSummary, p: DuplicatesJobParams): JobOf<'duplicates'> {
  return lib.jobs.create('duplicates', `Near duplicates in ${dataset.name}`, dataset.id, p)
}

interface ItemRow {
  id: number
  relPath: string
  size: number
  duplicateOf: number | null
}

/** A feature set's vectors row for row with `ids`; rows without a vector stay zero and are marked in `has`. */
function alignedRows(lib: Library, setId: number, ids: readonly number[]): { data: Float32Array; cols: number; has: Uint8Array } {
  const matrix = lib.featureSets.loadMatrix(setId)
  const row = new Map<number, number>()
  ids.forEach((id, i) => row.set(id, i))
  const cols = matrix.cols
  const data = new Float32Array(ids.length * cols)
  const has = new Uint8Array(ids.length)
  for (let r = 0; r < matrix.rows; r++) {
    const i = row.get(matrix.itemIds[r]!)
    if (i === undefined) continue
    data.set(matrix.data.subarray(r * cols, (r + 1) * cols), i * cols)
    has[i] = 1
  }
  return { data, cols, has }
}

function packedFor(lib: Library, setId: number, ids: readonly number[]): { hashes: PackedHashes; has: Uint8Array } {
  const { data, cols, has } = alignedRows(lib, setId, ids)
  return { hashes: { data: packBits(data, ids.length, cols), count: ids.length, bits: cols }, has }
}

function exactCopies(items: readonly ItemRow[]): DuplicateGroupInfo[] {
  const byFirst = new Map<number, ItemRow[]>()
  for (const it of items) if (it.duplicateOf !== null) byFirst.set(it.duplicateOf, [...(byFirst.get(it.duplicateOf) ?? []), it])
  const byId = new Map(items.map((it) => [it.id, it]))
  const groups: DuplicateGroupInfo[] = []
  for (const [first, copies] of byFirst) {
    const head = byId.get(first)
    const members = head ? [head, ...copies] : copies
    groups.push({ members: members.map((m) => ({ itemId: m.id, relPath: m.relPath, size: m.size, distance: 0 })), maxDistance: 0 })
  }
  return groups.sort((a, b) => b.members.length - a.members.length || a.members[0]!.relPath.localeCompare(b.members[0]!.relPath))
}

export async function runDuplicates(ctx: JobContext, lib: Library, p: DuplicatesJobParams): Promise<DuplicatesResult> {
  const started = performance.now()
  const dct = await runFeatures(ctx, lib, { datasetId: p.datasetId, method: 'phash', params: DCT_HASH, post: '' })
  const colour = await runFeatures(ctx, lib, { datasetId: p.datasetId, method: 'pixels', params: COLOUR_COPY, post: '' })
  ctx.progress({ phase: 'Comparing hashes', done: 0, total: null })
  const items = lib.db
    .prepare(
      `SELECT id, rel_path AS relPath, size, duplicate_of AS duplicateOf FROM items
       WHERE dataset_id = ? AND status IN ('ok', 'partial') ORDER BY rel_path, id`
    )
    .all(p.datasetId) as ItemRow[]
  const originals = items.filter((it) => it.duplicateOf === null)
  const ids = originals.map((it) => it.id)
  const primary = packedFor(lib, dct.featureSetId, ids)
  const colourRows = alignedRows(lib, colour.featureSetId, ids)
  const copies = { data: poolHalf(colourRows.data, ids.length, COLOUR_COPY.size), cols: (COLOUR_COPY.size / 2) ** 2 * 3, has: colourRows.has }
  // Images the features could not be computed for are left out rather than compared as zeros.
  const keep = ids.map((_, i) => i).filter((i) => primary.has[i] && copies.has[i])
  const pick = (h: PackedHashes): PackedHashes => {
    const words = Math.ceil(h.bits / 32)
    const data = new Uint32Array(keep.length * words)
    keep.forEach((i, r) => data.set(h.data.subarray(i * words, (i + 1) * words), r * words))
    return { data, count: keep.length, bits: h.bits }
  }
  const found = nearDuplicates({
    primary: pick(primary.hashes),
    threshold: p.threshold,
    confirm: (a, b) => pearson(copies.data, copies.cols, keep[a]!, keep[b]!) >= CONFIRM_CORRELATION,
    size: (r) => originals[keep[r]!]!.size,
    signal: ctx.signal,
    onProgress: (done, total) => ctx.progress({ phase: 'Comparing hashes', done, total })
  })
  const hashes = pick(primary.hashes)
  const words = Math.ceil(hashes.bits / 32)
  const distance = (a: number, b: number): number => {
    let d = 0
    for (let w = 0; w < words; w++) {
      let v = (hashes.data[a * words + w]! ^ hashes.data[b * words + w]!) >>> 0
      for (; v; v &= v - 1) d++
    }
    return d
  }
  const groups: DuplicateGroupInfo[] = found.groups.map((g) => {
    const rep = g.members[0]!
    return {
      members: g.members.map((r) => {
        const it = originals[keep[r]!]!
        return { itemId: it.id, relPath: it.relPath, size: it.size, distance: distance(rep, r) }
      }),
      maxDistance: Math.max(...g.pairs.map((q) => q.distance))
    }
  })
  return {
    datasetId: p.datasetId, threshold: p.threshold, thresholdReason: p.thresholdReason, confirmCorrelation: CONFIRM_CORRELATION,
    images: keep.length, groups, groupedImages: groups.reduce((s, g) => s + g.members.length, 0), exactCopies: exactCopies(items),
    seconds: (performance.now() - started) / 1000, finishedAt: new Date().toISOString()
  }
}

/** The dataset's last finished near-duplicate search, or null when there has been none. */
export function lastDuplicates(lib: Library, datasetId: number): DuplicatesResult | null {
  const row = lib.db
    .prepare(`SELECT id FROM jobs WHERE kind = 'duplicates' AND dataset_id = ? AND state = 'done' ORDER BY id DESC LIMIT 1`)
    .get(datasetId) as { id: number } | undefined
  const job = row && lib.jobs.get(row.id)
  return job && job.kind === 'duplicates' ? job.result : null
}
