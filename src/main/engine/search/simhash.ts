/**
 * SimHash, random-hyperplane hashing (Charikar 2002): bit h of a key is the side of hyperplane
 * a_h (a_h ~ N(0, I)) a vector falls on, so two vectors at angle θ agree on a bit with chance
 * 1 − θ/π. `bits` bits make one table's key, `tables` tables are built, and a query also probes
 * the `probes` buckets reached by flipping the bits it is least sure of (smallest |a·q|), in
 * ascending total squared margin (the multi-probe order of Lv et al. 2007). Candidates are
 * re-ranked by exact cosine distance, or by exact Euclidean distance with metric 'euclidean'.
 *
 * A deliberate difference for 'euclidean': the hyperplanes pass through the data's mean rather
 * than the origin. Features such as pixels are all positive, so hyperplanes through the origin
 * would cut the data unevenly and put most of it in few buckets; through the mean each bit splits
 * it about in half. For 'cosine' they pass through the origin, where the angle is measured.
 */
import { lowerBound, type LowerBound } from './ann-bound'
import { bucketBytes, buildBuckets, findBucket, ProbeSequence, type BucketTable } from './ann-buckets'
import { cosineDistance, queryNorm, rowNorms } from './ann-exact'
import { projectOne, Reranker, varianceOrder } from './ann-kernel'
import { RowQueryIndex } from './ann-query'
import type { AnnMetric, IndexStats } from './ann-types'
import { checkAborted, checkQuery } from './checks'
import { KnnHeap } from './knn-heap'
import { projectionBank, type ProjectionBank } from './lsh-e2'
import { SearchError, type KnnResult, type LongWork, type Matrix } from './types'

export interface SimHashParams {
  /** Bits per table key, 1 to 30. */
  bits: number
  tables: number
  /** Extra buckets probed per table. */
  probes: number
  seed: number
}

export function checkSimHashParams(p: SimHashParams): void {
  for (const [name, v, min, max] of [['bits', p.bits, 1, 30], ['tables', p.tables, 1, 1e6], ['probes', p.probes, 0, 1e6]] as const) {
    if (!Number.isInteger(v) || v < min || v > max) throw new SearchError(`The SimHash setting "${name}" must be a whole number from ${min} to ${max}, not ${v}.`)
  }
}

export class SimHashIndex extends RowQueryIndex {
  readonly kind = 'simhash'
  readonly size: number
  readonly dim: number
  private _params: SimHashParams
  protected readonly data: Float32Array
  private readonly dirs: Float32Array
  /** Each hyperplane's offset a·μ (0 through the origin). */
  private readonly offset: Float64Array
  private readonly buckets: BucketTable[] = []
  private probeSeq: ProbeSequence
  private readonly reranker: Reranker | null = null
  private readonly bound: LowerBound | null = null
  private readonly norms: Float64Array | null = null
  private readonly stamp: Uint32Array | null = null
  private current = 0
  private measured = 0
  private readonly proj: Float64Array
  private readonly z: Float64Array
  private readonly bit: Int32Array
  private readonly positions: Int32Array

  constructor(
    matrix: Matrix,
    params: SimHashParams,
    readonly metric: AnnMetric = 'cosine',
    work: LongWork = {},
    bank?: ProjectionBank
  ) {
    super()
    checkSimHashParams(params)
    const m = params.bits * params.tables
    if (!bank || bank.count < m || bank.dim !== matrix.cols || bank.seed !== params.seed || bank.projected.length !== matrix.rows * bank.count) {
      bank = projectionBank(matrix, m, params.seed, { signal: work.signal, onProgress: (d, t) => work.onProgress?.(d, 2 * t) })
    }
    this._params = { ...params }
    this.size = matrix.rows
    this.dim = matrix.cols
    this.data = matrix.data
    this.dirs = bank.dirs.subarray(0, m * matrix.cols)
    this.offset = new Float64Array(m)
    if (metric === 'euclidean') {
      const mean = new Float64Array(matrix.cols)
      for (let i = 0; i < matrix.rows; i++) for (let d = 0; d < matrix.cols; d++) mean[d] = mean[d]! + matrix.data[i * matrix.cols + d]!
      projectOne(Float32Array.from(mean, (x) => x / Math.max(1, matrix.rows)), 0, this.dirs, m, matrix.cols, this.offset)
      this.bound = bank.bound === undefined ? lowerBound(matrix, params.seed, { signal: work.signal }) : bank.bound
      this.reranker = new Reranker(this.data, this.dim, this.size, bank.order ?? varianceOrder(matrix), this.bound)
    } else {
      this.norms = rowNorms(matrix)
      this.stamp = new Uint32Array(matrix.rows)
    }
    const { bits } = params
    const keys = new Int32Array(matrix.rows)
    for (let t = 0; t < params.tables; t++) {
      checkAborted(work.signal)
      for (let i = 0; i < matrix.rows; i++) {
        let key = 0
        const at = i * bank.count + t * bits
        for (let h = 0; h < bits; h++) if (bank.projected[at + h]! > this.offset[t * bits + h]!) key |= 1 << h
        keys[i] = key
      }
      this.buckets.push(buildBuckets(keys, matrix.rows, 1, 0))
      work.onProgress?.(matrix.rows + Math.round(((t + 1) * matrix.rows) / params.tables), 2 * matrix.rows)
    }
    this.probeSeq = new ProbeSequence(params.probes + 2)
    this.proj = new Float64Array(m)
    this.z = new Float64Array(bits)
    this.bit = new Int32Array(bits)
    this.positions = new Int32Array(bits)
  }

  get params(): Readonly<SimHashParams> {
    return this._params
  }

  /** Changes the buckets probed per table; the tables stay as built. */
  setProbes(probes: number): void {
    if (!Number.isInteger(probes) || probes < 0) throw new SearchError(`probes must be a whole number ≥ 0, not ${probes}.`)
    this._params = { ...this._params, probes }
    this.probeSeq = new ProbeSequence(probes + 2)
  }

  /** Each table's key for a vector: its bits, hyperplane h at bit h. */
  hashKeys(vector: Float32Array): Int32Array {
    checkQuery(vector, this.dim)
    const { bits, tables } = this._params
    projectOne(vector, 0, this.dirs, bits * tables, this.dim, this.proj)
    const keys = new Int32Array(tables)
    for (let t = 0; t < tables; t++) for (let h = 0; h < bits; h++) if (this.proj[t * bits + h]! > this.offset[t * bits + h]!) keys[t] = keys[t]! | (1 << h)
    return keys
  }

  override stats(): IndexStats {
    let bytes = this.dirs.byteLength + this.offset.byteLength + (this.norms?.byteLength ?? 0) + (this.stamp?.byteLength ?? 0)
    if (this.bound) bytes += this.bound.basis.byteLength + this.bound.coords.byteLength
    return { params: { ...this.params, metric: this.metric }, bytes: bytes + this.buckets.reduce((s, b) => s + bucketBytes(b), 0), lastCandidates: this.measured }
  }

  protected override query(q: Float32Array, qOff: number, k: number, exclude: number): KnnResult {
    const { bits, tables, probes } = this.params
    const { proj, offset, z, bit, positions } = this
    projectOne(q, qOff, this.dirs, bits * tables, this.dim, proj)
    const visit = this.reranker ? this.euclideanVisitor(q, qOff, k, exclude) : this.cosineVisitor(q, qOff, k, exclude)
    for (let t = 0; t < tables; t++) {
      let key = 0
      for (let h = 0; h < bits; h++) {
        const margin = proj[t * bits + h]! - offset[t * bits + h]!
        if (margin > 0) key |= 1 << h
        // Least sure first: insert the squared margin into the sorted scores.
        const s = margin * margin
        let p = h
        while (p > 0 && z[p - 1]! > s) {
          z[p] = z[p - 1]!
          bit[p] = bit[p - 1]!
          p--
        }
        z[p] = s
        bit[p] = h
      }
      const table = this.buckets[t]!
      visit.bucket(table, key)
      if (probes === 0) continue
      const seq = this.probeSeq
      seq.reset(z, bits)
      for (let found = 0; found < probes; found++) {
        const node = seq.next()
        if (node === -1) break
        let probeKey = key
        const n = seq.positions(node, positions)
        for (let r = 0; r < n; r++) probeKey ^= 1 << bit[positions[r]!]!
        visit.bucket(table, probeKey)
      }
    }
    return visit.finish()
  }

  private euclideanVisitor(q: Float32Array, qOff: number, k: number, exclude: number): Visitor {
    const reranker = this.reranker!
    reranker.begin(q, qOff, k, exclude)
    return {
      bucket: (table, key) => {
        const b = findBucket(table, key)
        if (b === -1) return
        for (let p = table.start[b]!, end = table.start[b + 1]!; p < end; p++) reranker.offer(table.ids[p]!)
      },
      finish: () => {
        this.measured = reranker.measured
        return reranker.result()
      }
    }
  }

  private cosineVisitor(q: Float32Array, qOff: number, k: number, exclude: number): Visitor {
    const stamp = this.stamp!
    const norms = this.norms!
    if (++this.current === 0xffffffff) {
      stamp.fill(0)
      this.current = 1
    }
    const current = this.current
    if (exclude >= 0) stamp[exclude] = current
    const heap = new KnnHeap(k)
    const qNorm = queryNorm(q, qOff, this.dim)
    let measured = 0
    return {
      bucket: (table, key) => {
        const b = findBucket(table, key)
        if (b === -1) return
        for (let p = table.start[b]!, end = table.start[b + 1]!; p < end; p++) {
          const j = table.ids[p]!
          if (stamp[j] === current) continue
          stamp[j] = current
          measured++
          // The heap keeps squares and returns roots, so the cosine distance goes in squared.
          const c = cosineDistance(this.data, this.dim, norms, q, qOff, qNorm, j)
          if (c * c <= heap.bound()) heap.offer(c * c, j)
        }
      },
      finish: () => {
        this.measured = measured
        return heap.result()
      }
    }
  }
}

interface Visitor {
  bucket(table: BucketTable, key: number): void
  finish(): KnnResult
}
