/**
 * Hash tables for the hashing indexes, built once and read without allocating: each table sorts
 * its points by 32-bit key into one Int32Array (a CSR layout: the points of bucket b are
 * ids[start[b], start[b + 1])), and an open-addressing table maps a key to its bucket. Two
 * different slot vectors whose keys collide share a bucket; that only adds candidates, which the
 * exact re-ranking then sorts out.
 *
 * ProbeSequence generates the perturbation sets of multi-probe LSH (Lv et al., "Multi-probe LSH",
 * VLDB 2007, Algorithm 1): given m perturbation scores sorted ascending, the sets of positions in
 * ascending total score, by "shift" (replace the largest position p by p + 1) and "expand" (add
 * p + 1) from a min-heap. A set is a node: its largest position and its parent set, in typed
 * arrays that are reused from query to query.
 */

/** Buckets of one table. */
export interface BucketTable {
  /** Point ids grouped by bucket. */
  ids: Int32Array
  /** Bucket b holds ids[start[b], start[b + 1]). */
  start: Int32Array
  /**
   * Open addressing over 2^bits slots, key and bucket side by side (slots[2s], slots[2s + 1]) so
   * that a look-up touches one cache line; bucket −1 marks an empty slot.
   */
  slots: Int32Array
  shift: number
}

/** Groups points 0 … n − 1 by `keys[i·stride + offset]`. */
export function buildBuckets(keys: Int32Array, n: number, stride: number, offset: number): BucketTable {
  const order = new Int32Array(n)
  if (n <= 1 << 21) {
    // Key and id packed into one double (32 + 21 bits ≤ 53), so the native typed-array sort does it.
    const packed = new Float64Array(n)
    for (let i = 0; i < n; i++) packed[i] = (keys[i * stride + offset]! >>> 0) * 2097152 + i
    packed.sort()
    for (let i = 0; i < n; i++) order[i] = packed[i]! % 2097152
  } else {
    for (let i = 0; i < n; i++) order[i] = i
    order.sort((a, b) => (keys[a * stride + offset]! >>> 0) - (keys[b * stride + offset]! >>> 0) || a - b)
  }
  let buckets = 0
  for (let t = 0; t < n; t++) if (t === 0 || keys[order[t]! * stride + offset] !== keys[order[t - 1]! * stride + offset]) buckets++
  const start = new Int32Array(buckets + 1)
  let bits = 1
  while (1 << bits < 2 * buckets) bits++
  const slots = new Int32Array(2 << bits)
  for (let t = 1; t < slots.length; t += 2) slots[t] = -1
  const shift = 32 - bits
  const mask = (1 << bits) - 1
  let b = -1
  for (let t = 0; t < n; t++) {
    const key = keys[order[t]! * stride + offset]!
    if (t === 0 || key !== keys[order[t - 1]! * stride + offset]) {
      start[++b] = t
      let s = Math.imul(key, 0x9e3779b1) >>> shift
      while (slots[2 * s + 1] !== -1) s = (s + 1) & mask
      slots[2 * s] = key
      slots[2 * s + 1] = b
    }
  }
  start[buckets] = n
  return { ids: order, start, slots, shift }
}

/** The bucket of a key, or −1. */
export function findBucket(table: BucketTable, key: number): number {
  const { slots, shift } = table
  const mask = (slots.length >> 1) - 1
  let s = Math.imul(key, 0x9e3779b1) >>> shift
  for (;;) {
    const b = slots[2 * s + 1]!
    if (b === -1 || slots[2 * s] === key) return b
    s = (s + 1) & mask
  }
}

export function bucketBytes(table: BucketTable): number {
  return table.ids.byteLength + table.start.byteLength + table.slots.byteLength
}

export class ProbeSequence {
  private last: Int32Array
  private parent: Int32Array
  private score: Float64Array
  private heap: Int32Array
  private nodes = 0
  private heapSize = 0
  private z: Float64Array = new Float64Array(0)
  private m = 0

  constructor(private readonly maxSets: number) {
    const cap = 2 * maxSets + 4
    this.last = new Int32Array(cap)
    this.parent = new Int32Array(cap)
    this.score = new Float64Array(cap)
    this.heap = new Int32Array(cap)
  }

  /** Starts over with m scores sorted ascending (squared distances to the slot boundaries). */
  reset(z: Float64Array, m: number): void {
    this.z = z
    this.m = m
    this.nodes = 0
    this.heapSize = 0
    if (m > 0) this.push(this.node(0, -1, z[0]!))
  }

  /** The next set (a node id) in ascending score, or −1 after maxSets sets or when none is left. */
  next(): number {
    if (this.heapSize === 0 || this.nodes + 2 > this.last.length) return -1
    const top = this.pop()
    const p = this.last[top]!
    if (p + 1 < this.m) {
      const zNext = this.z[p + 1]!
      this.push(this.node(p + 1, this.parent[top]!, this.score[top]! - this.z[p]! + zNext))
      this.push(this.node(p + 1, top, this.score[top]! + zNext))
    }
    return top
  }

  /** Writes the positions of set `node` into `out` (largest first); returns how many. */
  positions(node: number, out: Int32Array): number {
    let n = 0
    for (let v = node; v !== -1; v = this.parent[v]!) out[n++] = this.last[v]!
    return n
  }

  private node(last: number, parent: number, score: number): number {
    const id = this.nodes++
    this.last[id] = last
    this.parent[id] = parent
    this.score[id] = score
    return id
  }

  private push(id: number): void {
    const { heap, score } = this
    let c = this.heapSize++
    while (c > 0) {
      const p = (c - 1) >> 1
      if (score[heap[p]!]! <= score[id]!) break
      heap[c] = heap[p]!
      c = p
    }
    heap[c] = id
  }

  private pop(): number {
    const { heap, score } = this
    const top = heap[0]!
    const moved = heap[--this.heapSize]!
    let c = 0
    for (;;) {
      const l = 2 * c + 1
      if (l >= this.heapSize) break
      const r = l + 1
      const m = r < this.heapSize && score[heap[r]!]! < score[heap[l]!]! ? r : l
      if (score[heap[m]!]! >= score[moved]!) break
      heap[c] = heap[m]!
      c = m
    }
    heap[c] = moved
    return top
  }
}
