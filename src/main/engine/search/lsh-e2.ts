/**
 * E2LSH, p-stable locality-sensitive hashing for Euclidean distance (Datar, Immorlica, Indyk and
 * Mirrokni 2004): h(v) = ⌊(a·v + b)/w⌋ with a ~ N(0, I) and b ~ U[0, w); `hashes` of them
 * concatenated make one table's key, and `tables` tables are built. Queries probe, besides their
 * own bucket, the `probes` buckets per table whose slots differ where the query lies nearest a
 * slot boundary (multi-probe LSH, Lv et al. 2007), so that few tables reach high recall. The
 * candidates are de-duplicated and re-ranked by exact distance, most of them dismissed by a cheap
 * lower bound (ann-bound.ts). Sharing one probe budget among the tables, best first over all of
 * them, was tried on MNIST: the same recall for the same candidates, and slower.
 *
 * Deliberate differences from the reference E2LSH code: a table's key is Σ r_i·slot_i mod 2³²
 * with random odd r_i (its first-level hash alone; the second-level check hash is left out, since
 * a collision only adds candidates that the re-ranking removes), and b is drawn as u·w with
 * u ~ U[0, 1), so that one projection of the data (`ProjectionBank`) serves every w the tuner tries.
 */
import { lowerBound, type LowerBound } from './ann-bound'
import { bucketBytes, buildBuckets, findBucket, ProbeSequence, type BucketTable } from './ann-buckets'
import { gaussian, projectOne, projectRows, Reranker, varianceOrder } from './ann-kernel'
import { RowQueryIndex } from './ann-query'
import type { IndexStats } from './ann-types'
import { checkAborted, checkMatrix, checkQuery } from './checks'
import { seededRandom } from '../random'
import { SearchError, type KnnResult, type LongWork, type Matrix } from './types'

export interface E2lshParams {
  /** Slot width, in the units of the data. */
  w: number
  /** Hash functions concatenated per table. */
  hashes: number
  tables: number
  /** Extra buckets probed per table. */
  probes: number
  seed: number
}

/** Random directions, their offsets and key multipliers, and the data projected onto them. */
export interface ProjectionBank {
  readonly count: number
  readonly dim: number
  readonly seed: number
  /** count × dim, row-major. */
  readonly dirs: Float32Array
  /** Offsets as fractions of w: b = u·w. */
  readonly u: Float64Array
  readonly mult: Int32Array
  /** rows × count: fround(row · direction). */
  readonly projected: Float32Array
  /** The re-ranking's order of dimensions, shared by the indexes built from this bank. */
  readonly order?: Int32Array
  /** The re-ranking's lower bound (null: none for this dimension). */
  readonly bound?: LowerBound | null
}

export function projectionBank(matrix: Matrix, count: number, seed: number, work: LongWork = {}): ProjectionBank {
  checkMatrix(matrix)
  const random = seededRandom(seed)
  const dirs = new Float32Array(count * matrix.cols)
  for (let p = 0; p < dirs.length; p++) dirs[p] = gaussian(random)
  const u = Float64Array.from({ length: count }, () => random())
  const mult = Int32Array.from({ length: count }, () => (Math.floor(random() * 0x100000000) | 1) | 0)
  const projected = projectRows(matrix, dirs, count, work)
  return { count, dim: matrix.cols, seed, dirs, u, mult, projected, order: varianceOrder(matrix), bound: lowerBound(matrix, seed, { signal: work.signal }) }
}

export function checkE2lshParams(p: E2lshParams): void {
  if (!(p.w > 0) || !Number.isFinite(p.w)) throw new SearchError(`The E2LSH slot width w must be a positive number, not ${p.w}.`)
  for (const [name, v, min] of [['hashes', p.hashes, 1], ['tables', p.tables, 1], ['probes', p.probes, 0]] as const) {
    if (!Number.isInteger(v) || v < min) throw new SearchError(`The E2LSH setting "${name}" must be a whole number ≥ ${min}, not ${v}.`)
  }
}

export class E2lshIndex extends RowQueryIndex {
  readonly kind = 'e2lsh'
  readonly metric = 'euclidean'
  readonly size: number
  readonly dim: number
  private _params: E2lshParams
  protected readonly data: Float32Array
  private readonly dirs: Float32Array
  private readonly u: Float64Array
  private readonly mult: Int32Array
  private readonly buckets: BucketTable[] = []
  private readonly reranker: Reranker
  private readonly order: Int32Array
  private readonly bound: LowerBound | null
  private probeSeq: ProbeSequence
  // Per-query scratch.
  private readonly proj: Float64Array
  private readonly frac: Float64Array
  private readonly z: Float64Array
  private readonly code: Int32Array
  private readonly positions: Int32Array
  private readonly used: Int32Array
  private usedStamp = 0

  /** Builds the tables; a bank from `projectionBank` with the same seed and enough directions skips projecting the data again. */
  constructor(matrix: Matrix, params: E2lshParams, work: LongWork = {}, bank?: ProjectionBank) {
    super()
    checkE2lshParams(params)
    const m = params.hashes * params.tables
    if (!bank || bank.count < m || bank.dim !== matrix.cols || bank.seed !== params.seed || bank.projected.length !== matrix.rows * bank.count) {
      bank = projectionBank(matrix, m, params.seed, { signal: work.signal, onProgress: (d, t) => work.onProgress?.(d, 2 * t) })
    } else checkMatrix(matrix)
    this._params = { ...params }
    this.size = matrix.rows
    this.dim = matrix.cols
    this.data = matrix.data
    this.dirs = bank.dirs.subarray(0, m * matrix.cols)
    this.u = bank.u.subarray(0, m)
    this.mult = bank.mult.subarray(0, m)
    const { hashes: k, w } = params
    const keys = new Int32Array(matrix.rows)
    for (let t = 0; t < params.tables; t++) {
      checkAborted(work.signal)
      for (let i = 0; i < matrix.rows; i++) {
        let key = 0
        const at = i * bank.count + t * k
        for (let h = 0; h < k; h++) key = (key + Math.imul(this.mult[t * k + h]!, Math.floor(bank.projected[at + h]! / w + this.u[t * k + h]!))) | 0
        keys[i] = key
      }
      this.buckets.push(buildBuckets(keys, matrix.rows, 1, 0))
      work.onProgress?.(matrix.rows + Math.round(((t + 1) * matrix.rows) / params.tables), 2 * matrix.rows)
    }
    this.order = bank.order ?? varianceOrder(matrix)
    this.bound = bank.bound === undefined ? lowerBound(matrix, params.seed, { signal: work.signal }) : bank.bound
    this.reranker = new Reranker(this.data, this.dim, this.size, this.order, this.bound)
    this.probeSeq = new ProbeSequence(4 * params.probes + 8)
    this.proj = new Float64Array(m)
    this.frac = new Float64Array(k)
    this.z = new Float64Array(2 * k)
    this.code = new Int32Array(2 * k)
    this.positions = new Int32Array(2 * k)
    this.used = new Int32Array(k)
  }

  get params(): Readonly<E2lshParams> {
    return this._params
  }

  /** Changes the buckets probed per table; the tables stay as built. */
  setProbes(probes: number): void {
    if (!Number.isInteger(probes) || probes < 0) throw new SearchError(`probes must be a whole number ≥ 0, not ${probes}.`)
    this._params = { ...this._params, probes }
    this.probeSeq = new ProbeSequence(4 * probes + 8)
  }

  /** Each table's key for a vector: the bucket it falls in. */
  hashKeys(vector: Float32Array): Int32Array {
    checkQuery(vector, this.dim)
    const { hashes: k, tables, w } = this._params
    projectOne(vector, 0, this.dirs, k * tables, this.dim, this.proj)
    const keys = new Int32Array(tables)
    for (let t = 0; t < tables; t++) {
      let key = 0
      for (let h = 0; h < k; h++) key = (key + Math.imul(this.mult[t * k + h]!, Math.floor(this.proj[t * k + h]! / w + this.u[t * k + h]!))) | 0
      keys[t] = key
    }
    return keys
  }

  override stats(): IndexStats {
    const own = this.dirs.byteLength + this.u.byteLength + this.mult.byteLength + this.order.byteLength + (this.bound ? this.bound.basis.byteLength + this.bound.coords.byteLength : 0)
    return { params: this.params, bytes: own + this.buckets.reduce((s, b) => s + bucketBytes(b), 0), lastCandidates: this.reranker.measured }
  }

  protected override query(q: Float32Array, qOff: number, kNn: number, exclude: number): KnnResult {
    const { hashes: k, tables, probes, w } = this.params
    const { proj, frac, mult, u, reranker } = this
    projectOne(q, qOff, this.dirs, k * tables, this.dim, proj)
    reranker.begin(q, qOff, kNn, exclude)
    for (let t = 0; t < tables; t++) {
      let key = 0
      for (let h = 0; h < k; h++) {
        const f = proj[t * k + h]! / w + u[t * k + h]!
        const slot = Math.floor(f)
        frac[h] = f - slot
        key = (key + Math.imul(mult[t * k + h]!, slot)) | 0
      }
      this.visit(this.buckets[t]!, key)
      if (probes > 0) this.probe(t, key)
    }
    return reranker.result()
  }

  /** Probes the `probes` best valid perturbations of table t's home key. */
  private probe(t: number, key: number): void {
    const { hashes: k, probes } = this.params
    const { frac, z, code, positions, used, mult } = this
    // Position 2h: slot h − 1 (the query's distance to the lower boundary); 2h + 1: slot h + 1.
    let m = 0
    for (let h = 0; h < k; h++) {
      for (let side = 0; side < 2; side++) {
        const x = side === 0 ? frac[h]! : 1 - frac[h]!
        const s = x * x
        let p = m++
        while (p > 0 && z[p - 1]! > s) {
          z[p] = z[p - 1]!
          code[p] = code[p - 1]!
          p--
        }
        z[p] = s
        code[p] = 2 * h + side
      }
    }
    const seq = this.probeSeq
    seq.reset(z, m)
    for (let found = 0; found < probes; ) {
      const node = seq.next()
      if (node === -1) break
      const n = seq.positions(node, positions)
      if (++this.usedStamp === 0x7fffffff) {
        used.fill(0)
        this.usedStamp = 1
      }
      let probeKey = key
      let valid = true
      for (let r = 0; r < n; r++) {
        const c = code[positions[r]!]!
        const h = c >> 1
        if (used[h] === this.usedStamp) {
          valid = false
          break
        }
        used[h] = this.usedStamp
        probeKey = (probeKey + ((c & 1) === 1 ? mult[t * k + h]! : -mult[t * k + h]!)) | 0
      }
      if (!valid) continue
      found++
      this.visit(this.buckets[t]!, probeKey)
    }
  }

  private visit(table: BucketTable, key: number): void {
    const b = findBucket(table, key)
    if (b === -1) return
    const { ids, start } = table
    const reranker = this.reranker
    for (let p = start[b]!, end = start[b + 1]!; p < end; p++) reranker.offer(ids[p]!)
  }
}
