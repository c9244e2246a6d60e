/**
 * `dbscan`: DBSCAN's time and memory as N grows, at fixed eps and minSamples, on the 2-D UMAP
 * layout of MNIST: the HOG features of the first N digits (test, then training) reduced with the
 * app's default settings (bench/mnist.ts; made once, minutes at 70,000, then read from
 * bench/.data). Smaller N are prefixes of the largest layout, so density grows with N as it does
 * for more images of the same kinds. minSamples is the app's default and eps the knee of the
 * k-distance curve of the largest N, as a run with "auto" eps would choose it.
 *
 * Per N the median of several runs; `scaling_exponent` is the least-squares slope of log(seconds)
 * on log(N). The range-query algorithm (a k-d tree) runs beside the default grid one in the same
 * run, as the baseline its speed is stated against.
 */
import { dbscan, type DbscanOptions } from '../src/main/engine/cluster/dbscan'
import { chooseEps, kDistanceCurve, kForMinSamples } from '../src/main/engine/cluster/k-distance'
import { ari } from '../src/main/engine/metrics/agreement'
import { DEFAULT_PIPELINE } from '../src/main/engine/pipeline'
import type { Matrix } from '../src/main/engine/search/types'
import { RssSampler, collectGarbage, machine, median, progress, round, type BenchArgs } from './harness'
import { MNIST_TOTAL, mnistLayout } from './mnist'
import { parallelAllKnn } from '../src/main/jobs/parallel-knn'

const SIZES = [10_000, 20_000, 40_000, 70_000]
const MIN_SAMPLES = DEFAULT_PIPELINE.cluster.minSamples

interface SizeResult {
  n: number
  seconds: number
  rss_mb: number
  allocated_mb: number
  runs: number
  n_clusters: number
  noise_fraction: number
}

export async function run(args: BenchArgs): Promise<Record<string, unknown>> {
  const sizes = sizesUpTo(args.size ?? SIZES.at(-1)!)
  const repeats = args.repeats ?? 7
  const largest = sizes.at(-1)!
  if (largest > MNIST_TOTAL) throw new Error(`MNIST has ${MNIST_TOTAL.toLocaleString('en')} digits; use --size ${MNIST_TOTAL} or less.`)
  let shown = ''
  const { layout, labels, made } = await mnistLayout(largest, args.seed, {
    fresh: args.fresh,
    neighbours: (m, k, work) => parallelAllKnn(m, k, { ...work, workers: args.workers }),
    onStage: (stage) => stage !== shown && progress(`layout of ${largest.toLocaleString('en')} digits: ${(shown = stage)}`)
  })
  const all: Matrix = { data: layout, rows: largest, cols: 2 }
  const EPS = chooseEps(kDistanceCurve(all, kForMinSamples(MIN_SAMPLES))).eps
  progress(`data: UMAP of ${largest.toLocaleString('en')} MNIST digits (${made ? 'made now' : 'stored'}); eps ${EPS.toFixed(4)} from the knee, minSamples ${MIN_SAMPLES}`)

  // Optimised code for both algorithms before any timing, or the first size pays for compilation.
  const warm = { data: all.data.subarray(0, 2 * sizes[0]!), rows: sizes[0]!, cols: 2 }
  for (let r = 0; r < 5; r++) {
    dbscan(warm, { eps: EPS, minSamples: MIN_SAMPLES })
    dbscan(warm, { eps: EPS, minSamples: MIN_SAMPLES, algorithm: 'index' })
  }

  const results: SizeResult[] = []
  const baseline: SizeResult[] = []
  let peak = 0
  for (const n of sizes) {
    const m = { data: all.data.subarray(0, 2 * n), rows: n, cols: 2 }
    const grid = measure(m, { eps: EPS, minSamples: MIN_SAMPLES }, repeats)
    const range = measure(m, { eps: EPS, minSamples: MIN_SAMPLES, algorithm: 'index' }, Math.min(repeats, 3))
    if (grid.labels.some((l, i) => l !== range.labels[i])) throw new Error(`At n = ${n} the grid and range-query algorithms gave different labels.`)
    results.push(rounded(grid))
    baseline.push(rounded(range))
    peak = Math.max(peak, grid.rss_mb, range.rss_mb)
    progress(
      `n ${n}: grid ${grid.seconds.toFixed(3)} s, range queries ${range.seconds.toFixed(3)} s; ` +
        `${grid.n_clusters} clusters, ${(grid.noise_fraction * 100).toFixed(1)} % noise, RSS ${grid.rss_mb.toFixed(0)} MB`
    )
  }
  const last = results.at(-1)!
  const final = dbscan(all, { eps: EPS, minSamples: MIN_SAMPLES })
  return {
    n: last.n,
    seconds: round(last.seconds, 4),
    peak_rss_mb: round(peak),
    scaling_exponent: round(slope(results), 3),
    results,
    range_query_results: baseline,
    range_query_scaling_exponent: round(slope(baseline), 3),
    speedup_vs_range_queries: round(baseline.at(-1)!.seconds / last.seconds, 2),
    eps: round(EPS, 4),
    min_samples: MIN_SAMPLES,
    ari_vs_digits: round(ari(final.labels, Int32Array.from(labels)), 4),
    repeats,
    data: `2-D UMAP of the HOG features of ${largest.toLocaleString('en')} MNIST digits, seed ${args.seed}`,
    ...machine()
  }
}

function sizesUpTo(max: number): number[] {
  const sizes = SIZES.filter((n) => n < max)
  sizes.push(max)
  return sizes.length >= 2 ? sizes : [Math.max(1, Math.round(max / 4)), Math.max(1, Math.round(max / 2)), max]
}

/**
 * Median seconds of at least `repeats` runs, and of more while they add up to under a second: a
 * run at 10,000 points takes milliseconds, where one pause of a shared machine moves a median of
 * few. Memory is taken over the first run alone, after a full collection: `rss_mb` is the peak
 * RSS (mostly Node itself), `allocated_mb` the rise of the JavaScript heap plus typed-array memory
 * across the run: what it allocated, less whatever minor collections freed on the way.
 */
function measure(m: Matrix, options: DbscanOptions, repeats: number): SizeResult & { labels: Int32Array } {
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

function rounded({ labels: _labels, ...r }: SizeResult & { labels?: Int32Array }): SizeResult {
  return { ...r, seconds: round(r.seconds, 5), rss_mb: round(r.rss_mb), allocated_mb: round(r.allocated_mb, 2), noise_fraction: round(r.noise_fraction, 4) }
}

/** Least-squares slope of log(seconds) on log(n). */
function slope(records: SizeResult[]): number {
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
