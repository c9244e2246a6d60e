/**
 * Settings from the data: tuneIndex tries settings of one kind of index on a sample of the
 * matrix's rows (each left out of its own answer) or on given held-out queries, against exact
 * answers computed once, and
 * keeps the fastest setting whose recall@k reaches the target; when none does, the one with the
 * best recall. Speed is the measured time per query on the sample, the figure a user waits on.
 *
 * - E2LSH: w from the data's scale (multiples of the median distance to the nearest neighbour),
 *   hashes and tables from small grids; the data is projected once for all of them
 *   (ProjectionBank) and each setting only re-buckets it. Probes rise from 0 until the target is
 *   met; a setting stops early once it is slower than the best found.
 * - SimHash: bits and tables from small grids, probes rising the same way.
 * - HNSW: M and efConstruction fixed (16 and 200, hnswlib's usual choice; each build of 60,000
 *   MNIST images takes about a minute), ef rising until the target is met.
 */
import type { AnnMetric, VectorIndex } from './ann-types'
import { exactAnswers, measureIndex, type AnnQuality, type ExactAnswers, type QuerySet } from './ann-measure'
import { checkAborted, checkMatrix } from './checks'
import { buildHnsw, type HnswIndex, type HnswParams } from './hnsw'
import { E2lshIndex, projectionBank, type E2lshParams } from './lsh-e2'
import { seededRandom } from '../random'
import { SimHashIndex, type SimHashParams } from './simhash'
import { SearchError, type LongWork, type Matrix } from './types'

export type TunableKind = 'e2lsh' | 'simhash' | 'hnsw'

export interface TuneOptions extends LongWork {
  /** Recall@k to reach on the sample; 0.95 by default. */
  targetRecall?: number
  k?: number
  /** Sample queries (rows); 200 by default. */
  sample?: number
  seed?: number
  /** SimHash and HNSW only; E2LSH is Euclidean. */
  metric?: AnnMetric
  /**
   * Query vectors to tune on instead of a sample of rows: held-out data like the queries to come.
   * Rows of the matrix have their near duplicates in it, so they are easier queries than new data.
   */
  queries?: Matrix
  /** HNSW only: an index already built on this matrix, whose ef alone is then tuned. */
  hnswIndex?: HnswIndex
}

export interface Trial {
  params: Record<string, number>
  quality: AnnQuality
}

export interface TuneResult {
  kind: TunableKind
  params: Record<string, number>
  /** The chosen setting's figures on the sample. */
  quality: AnnQuality
  reached: boolean
  /** The index built with the chosen setting. */
  index: VectorIndex
  trials: Trial[]
}

const PROBE_LADDER = [0, 8, 16, 32, 64, 128, 256]
const EF_LADDER = [10, 16, 24, 32, 48, 64, 96, 128, 192, 256, 384, 512]

export async function tuneIndex(kind: TunableKind, matrix: Matrix, options: TuneOptions = {}): Promise<TuneResult> {
  checkMatrix(matrix)
  const { targetRecall = 0.95, k = 10, sample = 200, seed = 1 } = options
  if (!(targetRecall > 0 && targetRecall <= 1)) throw new SearchError(`The target recall must be above 0 and at most 1, not ${targetRecall}.`)
  if (!Number.isInteger(k) || k < 1 || k > matrix.rows - 1) throw new SearchError(`k must be a whole number from 1 to ${matrix.rows - 1} (the points but one), not ${k}.`)
  const metric: AnnMetric = kind === 'e2lsh' ? 'euclidean' : (options.metric ?? (kind === 'simhash' ? 'cosine' : 'euclidean'))
  if (options.queries) {
    checkMatrix(options.queries)
    if (options.queries.cols !== matrix.cols) throw new SearchError(`The tuning queries have ${options.queries.cols} columns, but the matrix has ${matrix.cols}.`)
    if (options.queries.rows === 0) throw new SearchError('No tuning queries were given; give some, or leave them out to sample rows.')
  }
  const queries: QuerySet = options.queries ? { vectors: options.queries } : { rows: sampleRows(matrix.rows, Math.min(sample, matrix.rows), seed) }
  const truth = exactAnswers(matrix, queries, k, metric, options.signal)
  const search = new Search(matrix, queries, truth, k, targetRecall, options)
  if (kind === 'e2lsh') tuneE2lsh(search, matrix, seed, options)
  else if (kind === 'simhash') tuneSimHash(search, matrix, seed, metric, options)
  else if (kind === 'hnsw') await tuneHnsw(search, matrix, seed, metric, options)
  else throw new SearchError(`There is no index kind "${String(kind)}" to tune; use "e2lsh", "simhash" or "hnsw".`)
  return search.result(kind)
}

/** `count` distinct rows of `rows`, seeded, ascending. */
export function sampleRows(rows: number, count: number, seed: number): Int32Array {
  const random = seededRandom(seed ^ 0x2545f491)
  const all = Int32Array.from({ length: rows }, (_, i) => i)
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(random() * (rows - i))
    const t = all[i]!
    all[i] = all[j]!
    all[j] = t
  }
  return all.slice(0, count).sort()
}

/** The trials so far and the best one: fastest reaching the target, else best recall. */
class Search {
  readonly trials: Trial[] = []
  private best: { trial: Trial; index: VectorIndex; reached: boolean; restore: () => void } | null = null

  constructor(
    private readonly matrix: Matrix,
    private readonly queries: QuerySet,
    private readonly truth: ExactAnswers,
    private readonly k: number,
    readonly target: number,
    private readonly work: LongWork
  ) {}

  /**
   * Measures the index as it is set now; the quality. `params` are copied; `restore` sets the
   * index back to them, should it be kept and changed afterwards.
   */
  try(index: VectorIndex, params: Record<string, number>, restore: () => void): AnnQuality {
    checkAborted(this.work.signal)
    const quality = measureIndex(index, this.matrix, this.queries, this.k, this.truth)
    const trial = { params: { ...params }, quality }
    this.trials.push(trial)
    const reached = quality.recallAtK >= this.target
    const b = this.best
    if (!b || (reached && (!b.reached || quality.msPerQuery < b.trial.quality.msPerQuery)) || (!reached && !b.reached && quality.recallAtK > b.trial.quality.recallAtK)) {
      this.best = { trial, index, reached, restore }
    }
    this.work.onProgress?.(this.trials.length, this.trials.length + 1)
    return quality
  }

  /** The time to beat: the best setting's when one reached the target. */
  bound(): number {
    return this.best?.reached ? this.best.trial.quality.msPerQuery : Infinity
  }

  result(kind: TunableKind): TuneResult {
    const b = this.best
    if (!b) throw new SearchError('No setting could be tried: the matrix is too small to tune an index on.')
    b.restore()
    return { kind, params: b.trial.params, quality: b.trial.quality, reached: b.reached, index: b.index, trials: this.trials }
  }
}

/** Raises `set(level)` along the ladder until the target is met or the setting is slower than the best. */
function climb(search: Search, index: VectorIndex, ladder: number[], set: (level: number) => Record<string, number>): void {
  for (const level of ladder) {
    const q = search.try(index, set(level), () => set(level))
    if (q.recallAtK >= search.target || q.msPerQuery > search.bound()) return
  }
}

function tuneE2lsh(search: Search, matrix: Matrix, seed: number, work: LongWork): void {
  // The scale: the median distance to the nearest other point on the sample.
  const nn = Array.from(exactAnswers(matrix, { rows: sampleRows(matrix.rows, Math.min(100, matrix.rows), seed + 1) }, 1).distances).filter((d) => d > 0)
  nn.sort((a, b) => a - b)
  const r = nn.length > 0 ? nn[nn.length >> 1]! : 1
  const grid: [number, number, number][] = []
  for (const c of [2.5, 3.5]) for (const hashes of [10, 14]) for (const tables of [12, 24]) grid.push([c * r, hashes, tables])
  const bank = projectionBank(matrix, Math.max(...grid.map(([, h, t]) => h * t)), seed, { signal: work.signal })
  for (const [w, hashes, tables] of grid) {
    const params: E2lshParams = { w, hashes, tables, probes: 0, seed }
    const index = new E2lshIndex(matrix, params, { signal: work.signal }, bank)
    climb(search, index, PROBE_LADDER, (probes) => {
      index.setProbes(probes)
      return { w, hashes, tables, probes }
    })
  }
}

function tuneSimHash(search: Search, matrix: Matrix, seed: number, metric: AnnMetric, work: LongWork): void {
  const grid: [number, number][] = []
  for (const bits of [12, 16, 20]) for (const tables of [8, 16]) if (2 ** bits < 64 * matrix.rows) grid.push([bits, tables])
  if (grid.length === 0) grid.push([8, 8])
  const bank = projectionBank(matrix, Math.max(...grid.map(([b, t]) => b * t)), seed, { signal: work.signal })
  for (const [bits, tables] of grid) {
    const params: SimHashParams = { bits, tables, probes: 0, seed }
    const index = new SimHashIndex(matrix, params, metric, { signal: work.signal }, bank)
    climb(search, index, PROBE_LADDER, (probes) => {
      index.setProbes(probes)
      return { bits, tables, probes }
    })
  }
}

async function tuneHnsw(search: Search, matrix: Matrix, seed: number, metric: AnnMetric, work: LongWork): Promise<void> {
  const given = (work as TuneOptions).hnswIndex
  if (given && (given.size !== matrix.rows || given.dim !== matrix.cols || given.metric !== metric)) {
    throw new SearchError('The HNSW index given to tune was built on other data or for another metric; leave it out to build one.')
  }
  const index: HnswIndex = given ?? (await buildHnsw(matrix, { M: 16, efConstruction: 200, ef: EF_LADDER[0]!, seed }, metric, { signal: work.signal }))
  const { M, efConstruction } = index.stats().params as unknown as HnswParams
  climb(search, index, EF_LADDER, (ef) => {
    index.setEf(ef)
    return { M, efConstruction, ef }
  })
}
