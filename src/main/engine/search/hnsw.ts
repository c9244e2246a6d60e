/**
 * HNSW (Malkov and Yashunin 2018) from hnswlib-node 3.0 (the hnswlib C++ library), behind the
 * VectorIndex interface. Chosen over usearch 2.26 on the 60,000 MNIST images (784-d, M = 16):
 * hnswlib answered at recall@10 0.978 in 0.23 ms and 0.991 in 0.34 ms a query, usearch took
 * 0.5–0.8 ms at equal recall, needs Node 22, and fixes its search breadth when the index is made;
 * hnswlib sets ef per query. The library is an optional dependency compiled at install time, so it
 * is loaded only when an HNSW index is asked for, and its absence is reported, not fatal.
 *
 * hnswlib's distances are squared (and in float32); the neighbours it returns are measured again
 * by the reference sum, so the distances equal the exact indexes' and ties sort by index.
 */
import { cosineDistance, queryNorm, rowNorms } from './ann-exact'
import { RowQueryIndex } from './ann-query'
import type { AnnMetric, IndexStats } from './ann-types'
import { checkAborted, checkMatrix } from './checks'
import { SearchError, type KnnResult, type LongWork, type Matrix } from './types'

export interface HnswParams {
  /** Links per node (hnswlib's M). */
  M: number
  /** Breadth of the search while building. */
  efConstruction: number
  /** Breadth of the search per query; raised to k when smaller. */
  ef: number
  seed: number
}

interface HnswNative {
  initIndex(maxElements: number, m?: number, efConstruction?: number, randomSeed?: number): void
  addPoint(point: number[], label: number): void
  searchKnn(point: number[], k: number): { distances: number[]; neighbors: number[] }
  setEf(ef: number): void
}
interface HnswModule {
  HierarchicalNSW: new (space: 'l2' | 'cosine', dim: number) => HnswNative
}

let loading: Promise<HnswModule> | null = null

/** The native library, loaded once; a SearchError that says what to do when it cannot load. */
export function loadHnswlib(): Promise<HnswModule> {
  // A specifier in a variable, as backend-loaders.ts does, so that the bundler leaves the optional
  // native package to Node at run time instead of trying to bundle it.
  const specifier = 'hnswlib-node'
  loading ??= import(/* @vite-ignore */ specifier).then(
    (mod) => ((mod as { default?: HnswModule }).default ?? (mod as unknown as HnswModule)),
    (err: unknown) => {
      loading = null
      throw new SearchError(
        `The HNSW index needs the native module "hnswlib-node", which could not be loaded (${(err as Error).message.split('\n')[0]}). ` +
          'Run "npm install" with a C++ compiler available to build it, or use the "e2lsh" or "exact" index instead.'
      )
    }
  )
  return loading
}

const ROWS_PER_STEP = 1000

export async function buildHnsw(matrix: Matrix, params: HnswParams, metric: AnnMetric = 'euclidean', work: LongWork = {}): Promise<HnswIndex> {
  checkMatrix(matrix)
  for (const [name, v, min] of [['M', params.M, 2], ['efConstruction', params.efConstruction, 1], ['ef', params.ef, 1]] as const) {
    if (!Number.isInteger(v) || v < min) throw new SearchError(`The HNSW setting "${name}" must be a whole number ≥ ${min}, not ${v}.`)
  }
  if (matrix.rows === 0) throw new SearchError('An HNSW index needs at least one point.')
  const lib = await loadHnswlib()
  const native = new lib.HierarchicalNSW(metric === 'cosine' ? 'cosine' : 'l2', matrix.cols)
  native.initIndex(matrix.rows, params.M, params.efConstruction, params.seed)
  const { data, rows, cols } = matrix
  for (let i0 = 0; i0 < rows; i0 += ROWS_PER_STEP) {
    checkAborted(work.signal)
    const i1 = Math.min(rows, i0 + ROWS_PER_STEP)
    for (let i = i0; i < i1; i++) native.addPoint(Array.from(data.subarray(i * cols, (i + 1) * cols)), i)
    work.onProgress?.(i1, rows)
  }
  return new HnswIndex(matrix, native, params, metric)
}

export class HnswIndex extends RowQueryIndex {
  readonly kind = 'hnsw'
  readonly size: number
  readonly dim: number
  protected readonly data: Float32Array
  private readonly norms: Float64Array | null
  private params: HnswParams
  private measured = 0
  /** hnswlib takes plain arrays; one is filled per query rather than made. */
  private readonly point: number[]

  constructor(
    matrix: Matrix,
    private readonly native: HnswNative,
    params: HnswParams,
    readonly metric: AnnMetric
  ) {
    super()
    this.size = matrix.rows
    this.dim = matrix.cols
    this.data = matrix.data
    this.norms = metric === 'cosine' ? rowNorms(matrix) : null
    this.params = { ...params }
    this.point = new Array<number>(matrix.cols).fill(0)
    native.setEf(params.ef)
  }

  /** Changes the search breadth; the graph stays as built. */
  setEf(ef: number): void {
    if (!Number.isInteger(ef) || ef < 1) throw new SearchError(`ef must be a whole number ≥ 1, not ${ef}.`)
    this.params = { ...this.params, ef }
    this.native.setEf(ef)
  }

  override stats(): IndexStats {
    // hnswlib's layout: each point's vector, 2M links with their count and its label on the base
    // layer; about one point in M also on upper layers with M links each.
    const { M } = this.params
    const bytes = this.size * (4 * this.dim + 4 * (2 * M + 1) + 8) + (this.size / M) * (4 * (M + 1)) + (this.norms?.byteLength ?? 0)
    return { params: { ...this.params, metric: this.metric }, bytes: Math.round(bytes), lastCandidates: this.measured }
  }

  protected override query(q: Float32Array, qOff: number, k: number, exclude: number): KnnResult {
    const want = Math.min(this.size, k + (exclude >= 0 ? 1 : 0))
    const point = this.point
    for (let d = 0; d < this.dim; d++) point[d] = q[qOff + d]!
    const found = this.native.searchKnn(point, want).neighbors.filter((j) => j !== exclude)
    this.measured = found.length
    const qNorm = this.norms ? queryNorm(q, qOff, this.dim) : 0
    const dist = found.map((j) =>
      this.norms ? cosineDistance(this.data, this.dim, this.norms, q, qOff, qNorm, j) : Math.sqrt(distanceTo(this.data, this.dim, q, qOff, j))
    )
    const order = found.map((_, t) => t).sort((a, b) => dist[a]! - dist[b]! || found[a]! - found[b]!).slice(0, k)
    return { indices: Int32Array.from(order, (t) => found[t]!), distances: Float32Array.from(order, (t) => dist[t]!) }
  }
}

/** The reference sum between row j and a query, in the order of checks.ts's squaredDistance. */
function distanceTo(data: Float32Array, dim: number, q: Float32Array, qOff: number, j: number): number {
  let s = 0
  for (let d = 0; d < dim; d++) {
    const x = data[j * dim + d]! - q[qOff + d]!
    s += x * x
  }
  return s
}
