/**
 * Near-duplicate search over perceptual hashes: the pairs within a Hamming threshold of the hash,
 * found through the multi-index (hamming-index.ts), then kept only where a second, finer check
 * agrees (the caller's `confirm`, such as the correlation of small colour copies, confirm.ts), then
 * joined into groups. The hash alone cannot tell a cropped or turned copy from a different image
 * of the same layout (measured on the duplicates benchmark), so it proposes and the check decides.
 */
import { duplicateGroups, type DuplicateGroup } from './groups'
import { pairsWithin, type HammingPair, type PackedHashes } from './hamming-index'

export { duplicateGroups, type DuplicateGroup } from './groups'
export { pearson, poolHalf } from './confirm'
export { chunkCount, hammingDistance, pairsWithin, pairsWithinBrute, popcount32, type HammingPair, type PackedHashes } from './hamming-index'

export interface NearDuplicateOptions {
  primary: PackedHashes
  threshold: number
  /** The second check of a close pair (row indexes); every close pair counts when absent. */
  confirm?: (a: number, b: number, distance: number) => boolean
  /** Ranks a group's representative (file size, say). */
  size?: (i: number) => number
  signal?: AbortSignal
  onProgress?: (done: number, total: number) => void
}

export interface NearDuplicates {
  groups: DuplicateGroup[]
  /** Pairs within the main threshold, before the second check. */
  closePairs: number
  /** Pairs that passed both. */
  pairs: HammingPair[]
}

export function nearDuplicates(o: NearDuplicateOptions): NearDuplicates {
  const close = pairsWithin(o.primary, o.threshold, { signal: o.signal, onProgress: o.onProgress })
  const confirm = o.confirm
  const pairs = confirm ? close.filter((p) => confirm(p.a, p.b, p.distance)) : close
  return { groups: duplicateGroups(o.primary.count, pairs, o.size), closePairs: close.length, pairs }
}
