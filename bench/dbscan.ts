/**
 * `dbscan`: DBSCAN's time and memory as N grows, measured at constant density, so that every size
 * does the same work per point: the same share of noise, neighbourhoods of the same size, clusters
 * of the same size. Fixing eps while N grows would not measure scaling: on MNIST a prefix of the
 * digits is sparser than the whole (at the 70,000-point knee, 10,000 digits come out 83 % noise in
 * 39 clusters against 0.75 % in 16 at 70,000), so the small sizes would do less work and the slope
 * would mix N with density.
 *
 * - MNIST (N from 10,000 to 70,000): the 2-D UMAP layout of the HOG features of the first N digits
 *   (test, then training), reduced with the app's default settings (bench/mnist.ts; made once,
 *   minutes at 70,000, then read from bench/.data). A smaller N is a prefix of the largest layout,
 *   so its points are sparser; instead of drawing other points, each size takes eps from the knee
 *   of its own k-distance curve, exactly as a run with "auto" eps chooses it, which keeps the
 *   neighbours an eps-disc holds about constant. minSamples is the app's default.
 * - Past 70,000 (`--size` above it): generated 2-D Gaussian blobs of constant density, N from
 *   70,000 to `--size` (250,000, 500,000, 1,000,000 on the way). Each blob holds 1,000 points on
 *   average (σ = 1, 98 % Gaussian, 2 % uniform in the blob's square of side 8), and the blobs sit
 *   on a square lattice of such squares, so the area grows with N and the points per unit area stay
 *   the same. eps is fixed for all sizes: the knee of the k-distance curve of the smallest set.
 *
 * Each size reports n, eps, seconds, n_clusters, noise_fraction and memory, so that a reader can
 * see the work per point held still. Per N the median of several runs; `scaling_exponent` is the
 * least-squares slope of log(seconds) on log(N) over the constant-density series of the headline
 * size: the blobs when `--size` exceeds 70,000, otherwise MNIST. The range-query algorithm (a k-d
 * tree) runs beside the default grid one on the same data, as the baseline its speed is stated
 * against. For comparison, `fixed_eps_*` repeats the old measure (grid only): MNIST prefixes at the
 * eps of the largest layout, where density grows with N.
 */
import { dbscan, type DbscanOptions } from '../src/main/engine/cluster/dbscan'
import { chooseEps, kDistanceCurve, kForMinSamples } from '../src/main/engine/cluster/k-distance'
import { ari } from '../src/main/engine/metrics/agreement'
import { autoClusterSizes } from '../src/main/engine/cluster/auto-sizes'
import type { Matrix } from '../src/main/engine/search/types'
import { RssSampler, collectGarbage, machine, median, progress, round, seededRandom, subSeed, type BenchArgs } from './harness'
import { MNIST_TOTAL, mnistLayout } from './mnist'
import { parallelAllKnn } from '../src/main/jobs/parallel-knn'

const MNIST_SIZES = [10_000, 20_000, 40_000, 70_000]
const BLOB_SIZES = [70_000, 250_000, 500_000, 1_000_000]
/** What a run with "auto" sizes uses at these sizes (10,000 items and more). */
const MIN_SAMPLES = autoClusterSizes(10_000).minSamples

/** Generated blobs: points per blob on average, σ, side of each blob's square, and the uniform share. */
const BLOB_POINTS = 1000
const BLOB_SIGMA = 1
const BLOB_CELL = 8
const BLOB_UNIFORM = 0.02

type Series = 'mnist' | 'blobs'

interface SizeResult {
  data: Series
  n: number
  eps: number
  seconds: number
  rss_mb: number
  allocated_mb: number
  runs: number
  n_clusters: number
  noise_fraction: number
}

type Measured = Omit<SizeResult, 'data' | 'eps'> & { labels: Int32Array }

export async function run(args: BenchArgs): Promise<Record<string, unknown>> {
  const size = args.size ?? MNIST_SIZES.at(-1)!
  const mnistSizes = sizesUpTo(MNIST_SIZES, Math.min(size, MNIST_TOTAL))
  const blobSizes = size > MNIST_TOTAL ? sizesUpTo(BLOB_SIZES, size) : []
  const repeats = args.repeats ?? 7
  const largest = mnistSizes.at(-1)!
  let shown = ''
  const { layout, labels, made } = await mnistLayout(largest, args.seed, {
    fresh: args.fresh,
    neighbours: (m, k, work) => parallelAllKnn(m, k, { ...work, workers: args.workers }),
    onStage: (stage) => stage !== shown && progress(`layout of ${largest.toLocaleString('en')} digits: ${(shown = stage)}`)
  })
  const all: Matrix = { data: layout, rows: largest, cols: 2 }
  const prefix = (n: number): Matrix => ({ data: all.data.subarray(0, 2 * n), rows: n, cols: 2 })
  const mnistEps = mnistSizes.map((n) => kneeEps(prefix(n)))
  progress(
    `data: UMAP of ${largest.toLocaleString('en')} MNIST digits (${made ? 'made now' : 'stored'}); minSamples ${MIN_SAMPLES}; ` +
      `eps from each size's own knee: ${mnistSizes.map((n, i) => `${n}: ${mnistEps[i]!.toFixed(4)}`).join(', ')}`
  )

  // Optimised code for both algorithms before any timing, or the first size pays for compilation.
  const warm = prefix(mnistSizes[0]!)
  for (let r = 0; r < 5; r++) {
    dbscan(warm, { eps: mnistEps[0]!, minSamples: MIN_SAMPLES })
    dbscan(warm, { eps: mnistEps[0]!, minSamples: MIN_SAMPLES, algorithm: 'index' })
  }

  const results: SizeResult[] = []
  const baseline: SizeResult[] = []
  let peak = 0
  const both = (data: Series, m: Matrix, eps: number): Int32Array => {
    const grid = measure(m, { eps, minSamples: MIN_SAMPLES }, repeats)
    const range = measure(m, { eps, minSamples: MIN_SAMPLES, algorithm: 'index' }, Math.min(repeats, 3))
    if (grid.labels.some((l, i) => l !== range.labels[i])) throw new Error(`At n = ${m.rows} (${data}) the grid and range-query algorithms gave different labels.`)
    results.push(rounded(data, eps, grid))
    baseline.push(rounded(data, eps, range))
    peak = Math.max(peak, grid.rss_mb, range.rss_mb)
    progress(
      `${data} n ${m.rows}, eps ${eps.toFixed(4)}: grid ${grid.seconds.toFixed(3)} s, range queries ${range.seconds.toFixed(3)} s; ` +
        `${grid.n_clusters} clusters, ${(grid.noise_fraction * 100).toFixed(2)} % noise, RSS ${grid.rss_mb.toFixed(0)} MB`
    )
    return grid.labels
  }

  let digitLabels: Int32Array = new Int32Array(0)
  mnistSizes.forEach((n, i) => {
    const labelsAtN = both('mnist', prefix(n), mnistEps[i]!)
    if (n === largest) digitLabels = labelsAtN
  })

  // The old measure, for comparison: prefixes at the largest layout's eps, density growing with N.
  const fixedEps = mnistEps.at(-1)!
  const fixed = mnistSizes.map((n) => {
    const r = rounded('mnist', fixedEps, measure(prefix(n), { eps: fixedEps, minSamples: MIN_SAMPLES }, repeats))
    progress(`fixed eps ${fixedEps.toFixed(4)}, n ${n}: grid ${r.seconds.toFixed(3)} s; ${r.n_clusters} clusters, ${(r.noise_fraction * 100).toFixed(2)} % noise`)
    return { n: r.n, seconds: r.seconds, n_clusters: r.n_clusters, noise_fraction: r.noise_fraction }
  })

  let blobEps: number | undefined
  for (const n of blobSizes) {
    const matrix = blobs(n, subSeed(args.seed, n))
    if (blobEps === undefined) {
      blobEps = kneeEps(matrix)
      progress(`blobs: ${BLOB_POINTS} points per blob on average, σ ${BLOB_SIGMA}, squares of side ${BLOB_CELL}, ${BLOB_UNIFORM * 100} % uniform; eps ${blobEps.toFixed(4)} from the knee at n ${n}, fixed for every size`)
    }
    both('blobs', matrix, blobEps)
  }

  const headline: Series = blobSizes.length > 0 ? 'blobs' : 'mnist'
  const series = (records: SizeResult[], data: Series): SizeResult[] => records.filter((r) => r.data === data)
  const last = series(results, headline).at(-1)!
  const lastBaseline = series(baseline, headline).at(-1)!
  return {
    n: last.n,
    seconds: round(last.seconds, 4),
    peak_rss_mb: round(peak),
    scaling_exponent: round(slope(series(results, headline)), 3),
    scaling_exponent_data: headline,
    constant_density: headline === 'blobs' ? 'blobs: fixed points per unit area, fixed eps' : "MNIST prefixes: eps from each size's own k-distance knee",
    results,
    range_query_results: baseline,
    range_query_scaling_exponent: round(slope(series(baseline, headline)), 3),
    speedup_vs_range_queries: round(lastBaseline.seconds / last.seconds, 2),
    mnist_scaling_exponent: round(slope(series(results, 'mnist')), 3),
    mnist_range_query_scaling_exponent: round(slope(series(baseline, 'mnist')), 3),
    ...(headline === 'blobs'
      ? {
          blobs_scaling_exponent: round(slope(series(results, 'blobs')), 3),
          blobs_range_query_scaling_exponent: round(slope(series(baseline, 'blobs')), 3),
          blobs_eps: round(blobEps!, 4)
        }
      : {}),
    fixed_eps_results: fixed,
    fixed_eps_scaling_exponent: round(slope(fixed), 3),
    eps: round(last.eps, 4),
    min_samples: MIN_SAMPLES,
    ari_vs_digits: round(ari(digitLabels, Int32Array.from(labels)), 4),
    repeats,
    data:
      `2-D UMAP of the HOG features of ${largest.toLocaleString('en')} MNIST digits, seed ${args.seed}` +
      (headline === 'blobs' ? `; 2-D Gaussian blobs of constant density, ${blobSizes[0]!.toLocaleString('en')} to ${blobSizes.at(-1)!.toLocaleString('en')} points` : ''),
    ...machine()
  }
}

/** The sizes of `steps` below `max`, then `max`; at least three. */
function sizesUpTo(steps: readonly number[], max: number): number[] {
  const sizes = steps.filter((n) => n < max)
  sizes.push(max)
  return sizes.length >= 2 ? sizes : [Math.max(1, Math.round(max / 4)), Math.max(1, Math.round(max / 2)), max]
}

/** eps at the knee of the k-distance curve, as a DBSCAN run with "auto" eps chooses it. */
function kneeEps(m: Matrix): number {
  return chooseEps(kDistanceCurve(m, kForMinSamples(MIN_SAMPLES))).eps
}

/**
 * n points of 2-D Gaussian blobs at constant density, in random order. Blob b sits in square b of
 * a lattice ⌈√blobs⌉ squares wide, each of side BLOB_CELL, at a random place within ±1 of the
 * square's centre; a point picks its blob at random, then is Gaussian around its centre (σ) or,
 * with probability BLOB_UNIFORM, uniform over the blob's square. The number of blobs grows with n,
 * so the points per unit area stay the same.
 */
function blobs(n: number, seed: number): Matrix {
  const random = seededRandom(seed)
  const count = Math.max(1, Math.round(n / BLOB_POINTS))
  const side = Math.ceil(Math.sqrt(count))
  const centres = new Float64Array(2 * count)
  for (let b = 0; b < count; b++) {
    centres[2 * b] = ((b % side) + 0.5) * BLOB_CELL + (2 * random() - 1)
    centres[2 * b + 1] = (Math.floor(b / side) + 0.5) * BLOB_CELL + (2 * random() - 1)
  }
  const data = new Float32Array(2 * n)
  for (let i = 0; i < n; i++) {
    const b = Math.min(count - 1, Math.floor(random() * count))
    if (random() < BLOB_UNIFORM) {
      data[2 * i] = ((b % side) + random()) * BLOB_CELL
      data[2 * i + 1] = (Math.floor(b / side) + random()) * BLOB_CELL
    } else {
      // Box–Muller; 1 − u keeps the logarithm finite.
      const r = BLOB_SIGMA * Math.sqrt(-2 * Math.log(1 - random()))
      const a = 2 * Math.PI * random()
      data[2 * i] = centres[2 * b]! + r * Math.cos(a)
      data[2 * i + 1] = centres[2 * b + 1]! + r * Math.sin(a)
    }
  }
  return { data, rows: n, cols: 2 }
}

/**
 * Median seconds of at least `repeats` runs, and of more while they add up to under a second: a
 * run at 10,000 points takes milliseconds, where one pause of a shared machine moves a median of
 * few. Memory is taken over the first run alone, after a full collection: `rss_mb` is the peak
 * RSS (mostly Node itself), `allocated_mb` the rise of the JavaScript heap plus typed-array memory
 * across the run: what it allocated, less whatever minor collections freed on the way.
 */
function measure(m: Matrix, options: DbscanOptions, repeats: number): Measured {
  collectGarbage()
  const used = (): number => {
    const u = process.memoryUsage()
    return (u.heapUsed + u.arrayBuffers) / 2 ** 20
  }
  const before = used()
  const rss = new RssSampler(2).start()
  let result = dbscan(m, options)
  const allocated = used() - before
  const peak = rss.stop()
  const times: number[] = []
  while (times.length < repeats || (times.reduce((a, b) => a + b, 0) < 1 && times.length < 100)) {
    const t0 = performance.now()
    result = dbscan(m, options)
    times.push((performance.now() - t0) / 1000)
  }
  const noise = result.labels.reduce((s, l) => s + (l === -1 ? 1 : 0), 0)
  return {
    n: m.rows,
    seconds: median(times),
    rss_mb: peak,
    allocated_mb: allocated,
    runs: times.length,
    n_clusters: result.nClusters,
    noise_fraction: noise / m.rows,
    labels: result.labels
  }
}

function rounded(data: Series, eps: number, { labels: _labels, ...r }: Measured): SizeResult {
  return {
    data,
    n: r.n,
    eps: round(eps, 4),
    seconds: round(r.seconds, 5),
    rss_mb: round(r.rss_mb),
    allocated_mb: round(r.allocated_mb, 2),
    runs: r.runs,
    n_clusters: r.n_clusters,
    noise_fraction: round(r.noise_fraction, 4)
  }
}

/** Least-squares slope of log(seconds) on log(n). */
function slope(records: readonly { n: number; seconds: number }[]): number {
  const xs = records.map((r) => Math.log(r.n))
  const ys = records.map((r) => Math.log(r.seconds))
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length
  const my = ys.reduce((a, b) => a + b, 0) / ys.length
  let num = 0
  let den = 0
  for (let i = 0; i < xs.length; i++) {
    num += (xs[i]! - mx) * (ys[i]! - my)
    den += (xs[i]! - mx) ** 2
  }
  return den === 0 ? NaN : num / den
}
