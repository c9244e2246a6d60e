/**
 * Every pair of packed binary hashes within a Hamming distance, found by multi-index hashing
 * (Norouzi, Punjani and Fleet, "Fast search in Hamming space with multi-index hashing", CVPR 2012):
 * the bits are split into m chunks; by the pigeonhole principle two hashes at distance ≤ t agree
 * within ⌊t / m⌋ bits on at least one chunk. Each chunk's values go into buckets; each hash probes,
 * per chunk, the buckets of every value within that radius, and only the hashes found there are
 * compared in full. With m = t + 1 the radius is 0 (exact chunk matches, the plain LSH for Hamming
 * space); for larger thresholds on 64 bits, chunks of about 16 bits with a small radius keep the
 * buckets selective (a chunk of 5 bits would put a 32nd of the collection in every bucket).
 */

export interface PackedHashes {
  /** `count` hashes of `bits` bits each, `words` = ⌈bits / 32⌉ Uint32 words per hash, bit b in word b >> 5 at b & 31. */
  data: Uint32Array
  count: number
  bits: number
}

export interface HammingPair {
  a: number
  b: number
  distance: number
}

export function popcount32(v: number): number {
  v = v - ((v >>> 1) & 0x55555555)
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333)
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24
}

export function hammingDistance(h: PackedHashes, i: number, j: number): number {
  const words = Math.ceil(h.bits / 32)
  let d = 0
  for (let w = 0; w < words; w++) d += popcount32((h.data[i * words + w]! ^ h.data[j * words + w]!) >>> 0)
  return d
}

/** Bits [start, start + length) of hash i, as a number (length ≤ 24). */
function chunkOf(h: PackedHashes, i: number, start: number, length: number): number {
  const words = Math.ceil(h.bits / 32)
  let v = 0
  for (let b = 0; b < length; b++) {
    const bit = start + b
    if ((h.data[i * words + (bit >>> 5)]! >>> (bit & 31)) & 1) v |= 1 << b
  }
  return v
}

/**
 * Chunk count for a threshold: chunks of at most 16 bits (a bucket table per chunk of 65,536
 * entries); t + 1 chunks, each matched exactly, when that leaves them 12 bits or wider; else
 * 16-bit chunks probed within a radius.
 */
export function chunkCount(bits: number, threshold: number): number {
  const wide = Math.ceil(bits / 16)
  if (threshold + 1 <= wide) return wide
  if (bits / (threshold + 1) >= 12) return threshold + 1
  return wide
}

/** Every value within `radius` bits of `value` in a `length`-bit space (value itself first). */
function neighbours(value: number, length: number, radius: number, visit: (v: number) => void): void {
  const flip = (v: number, from: number, left: number): void => {
    visit(v)
    if (left === 0) return
    for (let b = from; b < length; b++) flip(v ^ (1 << b), b + 1, left - 1)
  }
  flip(value, 0, radius)
}

export interface PairSearchOptions {
  /** Chunk count; `chunkCount(bits, threshold)` when absent. */
  chunks?: number
  signal?: AbortSignal
  onProgress?: (done: number, total: number) => void
}

/** All pairs (a < b) at Hamming distance ≤ threshold, each once, sorted by a then b. */
export function pairsWithin(h: PackedHashes, threshold: number, options: PairSearchOptions = {}): HammingPair[] {
  const { count, bits } = h
  if (!Number.isInteger(threshold) || threshold < 0) throw new Error(`The Hamming threshold must be a whole number of at least 0, got ${threshold}.`)
  const m = Math.max(1, Math.min(options.chunks ?? chunkCount(bits, threshold), bits))
  const radius = Math.floor(threshold / m)
  const starts: number[] = []
  const lengths: number[] = []
  for (let c = 0; c < m; c++) {
    starts.push(Math.floor((c * bits) / m))
    lengths.push(Math.floor(((c + 1) * bits) / m) - starts[c]!)
  }
  if (Math.max(...lengths) > 24) throw new Error(`Chunks of more than 24 bits are too wide to index: use at least ${Math.ceil(bits / 24)} chunks.`)
  // Chunk values of every hash, then per chunk a bucket table (counting sort: offsets + members).
  const values = lengths.map((len, c) => {
    const v = new Int32Array(count)
    for (let i = 0; i < count; i++) v[i] = chunkOf(h, i, starts[c]!, len)
    return v
  })
  const tables = lengths.map((len, c) => {
    const offsets = new Int32Array((1 << len) + 1)
    for (let i = 0; i < count; i++) offsets[values[c]![i]! + 1]!++
    for (let k = 1; k < offsets.length; k++) offsets[k] = offsets[k]! + offsets[k - 1]!
    const members = new Int32Array(count)
    const fill = offsets.slice(0, -1)
    for (let i = 0; i < count; i++) members[fill[values[c]![i]!]!++] = i
    return { offsets, members }
  })
  const pairs: HammingPair[] = []
  for (let i = 0; i < count; i++) {
    if (options.signal?.aborted) throw new Error('Cancelled.')
    for (let c = 0; c < m; c++) {
      const { offsets, members } = tables[c]!
      neighbours(values[c]![i]!, lengths[c]!, radius, (v) => {
        for (let k = offsets[v]!; k < offsets[v + 1]!; k++) {
          const j = members[k]!
          if (j <= i) continue
          // Report a pair from the first chunk that finds it, so each pair comes once.
          let earlier = false
          for (let e = 0; e < c && !earlier; e++) earlier = popcount32((values[e]![i]! ^ values[e]![j]!) >>> 0) <= radius
          if (earlier) continue
          const d = hammingDistance(h, i, j)
          if (d <= threshold) pairs.push({ a: i, b: j, distance: d })
        }
      })
    }
    if (options.onProgress && (i % 1024 === 1023 || i === count - 1)) options.onProgress(i + 1, count)
  }
  return pairs.sort((p, q) => p.a - q.a || p.b - q.b)
}

/** The same pairs by comparing every pair: the reference the index is tested against. */
export function pairsWithinBrute(h: PackedHashes, threshold: number): HammingPair[] {
  const pairs: HammingPair[] = []
  for (let i = 0; i < h.count; i++) {
    for (let j = i + 1; j < h.count; j++) {
      const d = hammingDistance(h, i, j)
      if (d <= threshold) pairs.push({ a: i, b: j, distance: d })
    }
  }
  return pairs
}
