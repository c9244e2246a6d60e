/**
 * The 2-D map of a sequence run: UMAP from the neighbours in the sparse candidate graph that the
 * clustering used, so that no n × n matrix exists here either.
 *
 * clusterSequences keeps its graph to itself, so the graph is built again with the same seed, k and
 * banding: the same signatures, the same candidate pairs and the same bounded Levenshtein
 * distances. That repeats the comparisons (about as long again as the clustering) but leaves the
 * tested clustering untouched.
 *
 * A sequence's UMAP neighbours are its nearest compared relatives within maxDistance. One with
 * fewer than UMAP needs is padded with itself at distance 1 (farther than any edge, which is at most
 * maxDistance < 1): UMAP gives a point no weight towards itself, so the padding adds no false
 * attraction. A sequence with no relatives at all is set on a ring around the map (UMAP would leave
 * it at its start, among the others). Exact copies are laid out once and share their first copy's
 * place.
 */
import { umap } from '../engine/reduce/umap'
import { levenshtein } from '../engine/measures/levenshtein'
import { candidatePairs, MinHasher, shingleHashes, type SequenceClusters } from '../engine/sequences'

/** UMAP's usual neighbourhood, the point itself included. */
export const LAYOUT_NEIGHBOURS = 15
/** UMAP's usual min_dist. */
export const LAYOUT_MIN_DIST = 0.1
/** Where a padded neighbour sits: beyond every measured edge. */
const PAD_DISTANCE = 1

export interface LayoutWork {
  seed: number
  signal?: AbortSignal
  onProgress?: (done: number, total: number) => void
}

/** x, y interleaved for every sequence, and a sentence saying how the map was made. */
export async function sequenceLayout(sequences: readonly string[], clusters: SequenceClusters, work: LayoutWork): Promise<{ layout: Float32Array; how: string }> {
  const n = sequences.length
  const { uniques, representative } = firstCopies(sequences)
  const u = uniques.length
  const layout = new Float32Array(2 * n)
  if (u < 4) {
    // Too few distinct sequences for UMAP: a circle, in order.
    uniques.forEach((i, x) => {
      layout[2 * i] = Math.cos((2 * Math.PI * x) / u)
      layout[2 * i + 1] = Math.sin((2 * Math.PI * x) / u)
    })
    copyPlaces(layout, representative)
    return { layout, how: `${u} distinct sequences, too few for UMAP: placed on a circle.` }
  }

  const rows = neighbourRows(sequences, uniques, clusters, work)
  const nNeighbors = Math.min(LAYOUT_NEIGHBOURS, u - 1)
  const m = nNeighbors - 1
  const indices = new Int32Array(u * m)
  const distances = new Float32Array(u * m)
  const alone: number[] = []
  for (let x = 0; x < u; x++) {
    const row = rows[x]!.sort((a, b) => a.d - b.d || a.j - b.j)
    if (row.length === 0) alone.push(x)
    for (let t = 0; t < m; t++) {
      indices[x * m + t] = t < row.length ? row[t]!.j : x
      distances[x * m + t] = t < row.length ? row[t]!.d : PAD_DISTANCE
    }
  }
  const standIn = { data: new Float32Array(0), rows: u, cols: 1 } // UMAP reads only the size when given the neighbours
  const result = await umap(standIn, {
    nNeighbors, minDist: LAYOUT_MIN_DIST, seed: work.seed, knn: { indices, distances }, signal: work.signal,
    onProgress: (stage, done, total) => stage === 'optimise' && work.onProgress?.(done, total)
  })
  const embedding = result.embedding
  ringAround(embedding, alone)
  uniques.forEach((i, x) => {
    layout[2 * i] = embedding[2 * x]!
    layout[2 * i + 1] = embedding[2 * x + 1]!
  })
  copyPlaces(layout, representative)
  const ring = alone.length === 0 ? '' : `; the ${alone.length} with none lie on a ring around the map`
  return { layout, how: `UMAP (${nNeighbors} neighbours) of each sequence's nearest compared relatives within distance ${clusters.maxDistance}${ring}.` }
}

/**
 * UMAP leaves a point with no edges where its start put it, near the middle, on top of the others:
 * such points go on a ring just outside the rest of the map instead, in order.
 */
function ringAround(embedding: Float32Array, alone: number[]): void {
  if (alone.length === 0) return
  const u = embedding.length / 2
  const isAlone = new Uint8Array(u)
  for (const x of alone) isAlone[x] = 1
  let cx = 0
  let cy = 0
  const placed = u - alone.length
  for (let x = 0; x < u; x++) {
    if (isAlone[x]) continue
    cx += embedding[2 * x]! / placed
    cy += embedding[2 * x + 1]! / placed
  }
  let radius = 1
  for (let x = 0; x < u; x++) {
    if (!isAlone[x]) radius = Math.max(radius, Math.hypot(embedding[2 * x]! - cx, embedding[2 * x + 1]! - cy))
  }
  alone.forEach((x, t) => {
    const angle = (2 * Math.PI * t) / alone.length
    embedding[2 * x] = (placed === 0 ? 0 : cx) + 1.15 * radius * Math.cos(angle)
    embedding[2 * x + 1] = (placed === 0 ? 0 : cy) + 1.15 * radius * Math.sin(angle)
  })
}

function firstCopies(sequences: readonly string[]): { uniques: number[]; representative: Int32Array } {
  const first = new Map<string, number>()
  const representative = new Int32Array(sequences.length)
  const uniques: number[] = []
  sequences.forEach((s, i) => {
    const r = first.get(s)
    if (r === undefined) {
      first.set(s, i)
      uniques.push(i)
    }
    representative[i] = r ?? i
  })
  return { uniques, representative }
}

function copyPlaces(layout: Float32Array, representative: Int32Array): void {
  representative.forEach((r, i) => {
    layout[2 * i] = layout[2 * r]!
    layout[2 * i + 1] = layout[2 * r + 1]!
  })
}

/** Each distinct sequence's measured relatives within maxDistance (indices among the distinct ones). */
function neighbourRows(sequences: readonly string[], uniques: number[], c: SequenceClusters, work: LayoutWork): { j: number; d: number }[][] {
  const u = uniques.length
  const length = c.bands * c.rows
  const hasher = new MinHasher(length, work.seed)
  const signatures = new Uint32Array(u * length)
  let buffer: Uint32Array = new Uint32Array(1024)
  for (let x = 0; x < u; x++) {
    if (x % 256 === 0) work.signal?.throwIfAborted()
    const { hashes, count } = shingleHashes(sequences[uniques[x]!]!, c.k, work.seed, buffer)
    buffer = hashes
    hasher.signature(hashes, count, signatures, x * length)
  }
  const pairs = candidatePairs(signatures, u, c.bands, c.rows, { signal: work.signal })
  const rows: { j: number; d: number }[][] = Array.from({ length: u }, () => [])
  const lengths = uniques.map((i) => [...sequences[i]!].length)
  for (let p = 0; p < pairs.count; p++) {
    if (p % 1024 === 0) work.signal?.throwIfAborted()
    const a = pairs.first[p]!
    const b = pairs.second[p]!
    const longer = Math.max(lengths[a]!, lengths[b]!)
    const bound = Math.floor(c.maxDistance * longer)
    const d = levenshtein(sequences[uniques[a]!]!, sequences[uniques[b]!]!, { maxDistance: bound })
    if (d > bound) continue
    rows[a]!.push({ j: b, d: d / longer })
    rows[b]!.push({ j: a, d: d / longer })
  }
  return rows
}
