/**
 * Locality-sensitive hashing of MinHash signatures by banding (Leskovec, Rajaraman & Ullman,
 * Mining of Massive Datasets, ch. 3.4): the n slots are cut into b bands of r rows, and two items
 * whose signatures agree on every row of any one band become a candidate pair. A pair of Jaccard
 * J does so with probability 1 − (1 − J^r)^b, an S-curve that rises through ½ near (1/b)^(1/r).
 */
import { checkAborted } from '../search/checks'
import type { LongWork } from '../search/types'
import { SequenceError } from './errors'

export interface Banding {
  bands: number
  rows: number
  /** (1/b)^(1/r): the Jaccard index at which a pair becomes a candidate about half the time. */
  threshold: number
  reason: string
}

/** The probability that a pair of Jaccard `j` becomes a candidate under b bands of r rows. */
export function candidateProbability(j: number, bands: number, rows: number): number {
  return 1 - (1 - j ** rows) ** bands
}

/**
 * Of the ways to cut `hashes` slots into b bands of r rows (b = ⌊hashes / r⌋), the one whose
 * S-curve midpoint (1/b)^(1/r) lies closest to `target`. Among near ties (within 0.01), the one
 * with more rows: its curve is steeper, so fewer pairs far below the target become candidates.
 */
export function chooseBanding(target: number, hashes: number): Banding {
  if (!(target > 0 && target < 1)) throw new SequenceError(`The Jaccard threshold must lie between 0 and 1 (exclusive), not ${target}; 0.3 suits sequences that differ at a tenth of their positions.`)
  if (!Number.isInteger(hashes) || hashes < 1) throw new SequenceError(`The number of MinHash functions must be a whole number ≥ 1, not ${hashes}.`)
  let best = { bands: hashes, rows: 1, threshold: 1 / hashes }
  for (let rows = 1; rows <= hashes; rows++) {
    const bands = Math.floor(hashes / rows)
    const threshold = (1 / bands) ** (1 / rows)
    const gap = Math.abs(threshold - target)
    const bestGap = Math.abs(best.threshold - target)
    if (gap < bestGap - 0.01 || (gap <= bestGap + 0.01 && rows > best.rows)) best = { bands, rows, threshold }
  }
  const { bands, rows, threshold } = best
  const p = (j: number): string => candidateProbability(j, bands, rows).toFixed(j < target ? 3 : 2)
  return {
    ...best,
    reason:
      `${bands} bands of ${rows} rows (${bands * rows} of ${hashes} MinHash functions): a pair becomes a candidate about half the time at ` +
      `Jaccard ${threshold.toFixed(2)}, the closest such point to the target ${target.toFixed(2)}; with probability ${p(Math.min(0.99, target * 1.5))} at ` +
      `Jaccard ${Math.min(0.99, target * 1.5).toFixed(2)} and ${p(target / 3)} at ${(target / 3).toFixed(2)}.`
  }
}

export interface CandidatePairs {
  /** Pair p is (first[p], second[p]) with first < second; each pair once, sorted by first, then second. */
  first: Int32Array
  second: Int32Array
  count: number
}

/**
 * Candidate pairs from `items` signatures of `bands · rows` slots laid end to end in
 * `signatures`. Each band's rows are hashed to one 32-bit key; items are sorted by key and every
 * run of equal keys is a bucket. Two different bands of rows share a key with probability 2⁻³²,
 * which at worst adds a pair to compare. Each pair is written as the number i·items + j and the
 * list is sorted and de-duplicated at the end: a Set would stop at 2²⁴ entries.
 */
export function candidatePairs(signatures: Uint32Array, items: number, bands: number, rows: number, work: LongWork = {}): CandidatePairs {
  const length = bands * rows
  if (signatures.length < items * length) throw new SequenceError(`${items} signatures of ${length} slots need ${items * length} values; there are ${signatures.length}.`)
  const keys = new Uint32Array(items)
  const order = new Uint32Array(items)
  let found = new Float64Array(1024)
  let count = 0
  for (let band = 0; band < bands; band++) {
    checkAborted(work.signal)
    work.onProgress?.(band, bands)
    for (let i = 0; i < items; i++) {
      let h = 0x811c9dc5 ^ band
      const base = i * length + band * rows
      for (let r = 0; r < rows; r++) h = Math.imul(h ^ signatures[base + r]!, 0x01000193)
      keys[i] = h >>> 0
      order[i] = i
    }
    order.sort((x, y) => keys[x]! - keys[y]! || x - y)
    for (let start = 0; start < items; ) {
      let end = start + 1
      while (end < items && keys[order[end]!] === keys[order[start]!]) end++
      const size = end - start
      if (count + (size * (size - 1)) / 2 > found.length) {
        const grown = new Float64Array(Math.max(2 * found.length, count + (size * (size - 1)) / 2))
        grown.set(found.subarray(0, count))
        found = grown
      }
      for (let x = start; x < end; x++) {
        const i = order[x]!
        for (let y = x + 1; y < end; y++) found[count++] = i * items + order[y]! // order is ascending within a run
      }
      start = end
    }
  }
  work.onProgress?.(bands, bands)
  const sorted = found.subarray(0, count).sort()
  let unique = 0
  for (let p = 0; p < count; p++) if (p === 0 || sorted[p] !== sorted[p - 1]) sorted[unique++] = sorted[p]!
  const first = new Int32Array(unique)
  const second = new Int32Array(unique)
  for (let p = 0; p < unique; p++) {
    const i = Math.floor(sorted[p]! / items)
    first[p] = i
    second[p] = sorted[p]! - i * items
  }
  return { first, second, count: unique }
}
