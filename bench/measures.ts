/**
 * `measures`: speed of every registered distance and similarity measure on generated inputs,
 * each timed beside a plain textbook version of the same measure in the same run
 * (src/main/engine/measures/reference: plain loops, the full dynamic programme for the string
 * edit distances, successive shortest paths for the Earth Mover's Distance). `ratio` is
 * ops_per_s / plain_ops_per_s, so above 1 means faster than the plain version. Both sides run
 * the same pairs, interleaved, and report the median of `repeats` timed runs; `agree` says the
 * two gave the same values (1e-9 relative, 1e-6 for EMD).
 *
 * `mnist_emd` repeats the reference workload behind the figure in BENCHMARKS.md (10 query images
 * against 100 images, 14 × 14 block signatures, which took 133.87 s): 10 MNIST test digits
 * against 100 training digits, 2 × 2-pixel blocks summed.
 */
import { imageAt, readMnist } from '../scripts/mnist.mjs'
import { getMeasure, gridSignature, type Signature } from '../src/main/engine/measures'
import { plainEmdSignature } from '../src/main/engine/measures/reference/emd'
import * as ps from '../src/main/engine/measures/reference/strings'
import * as pv from '../src/main/engine/measures/reference/vectors'
import { machine, median, progress, round, seededRandom, type BenchArgs } from './harness'

interface Case {
  measure: string
  input: string
  pairs: [unknown, unknown][]
  fast: (a: never, b: never) => number
  plain: (a: never, b: never) => number
  /** Relative agreement required between the two. */
  tol?: number
}

const REFERENCE_EMD_SECONDS = 133.87

export async function run(args: Partial<BenchArgs>): Promise<Record<string, unknown>> {
  const seed = args.seed ?? 1
  const dim = args.size ?? 784
  const repeats = args.repeats ?? 5
  const random = seededRandom(seed)
  const results = []
  for (const c of cases(random, dim)) {
    progress(`${c.measure} (${c.input}): ${c.pairs.length} pairs`)
    results.push(time(c, c.measure.startsWith('emd-signature') ? Math.min(repeats, 3) : repeats))
  }
  const slowest = results.reduce((a, b) => (b.ratio < a.ratio ? b : a))
  return {
    dim,
    seed,
    repeats,
    ...machine(),
    slowest_ratio: { measure: slowest.measure, input: slowest.input, ratio: slowest.ratio },
    all_agree: results.every((r) => r.agree),
    results,
    mnist_emd: mnistEmd()
  }
}

function time(c: Case, repeats: number) {
  const fast = c.fast as (a: unknown, b: unknown) => number
  const plain = c.plain as (a: unknown, b: unknown) => number
  let worst = 0
  for (const [a, b] of c.pairs) {
    const x = fast(a, b)
    const y = plain(a, b)
    worst = Math.max(worst, Math.abs(x - y) / Math.max(Math.abs(y), 1e-300))
  }
  // Loop over the pairs often enough that one timed run of the fast version takes about 50 ms.
  const once = elapsed(() => sweep(fast, c.pairs, 1))
  const loops = Math.max(1, Math.ceil(0.05 / Math.max(once, 1e-6)))
  const fastRuns: number[] = []
  const plainRuns: number[] = []
  for (let r = 0; r < repeats; r++) {
    fastRuns.push(elapsed(() => sweep(fast, c.pairs, loops)))
    plainRuns.push(elapsed(() => sweep(plain, c.pairs, loops)))
  }
  const ops = (c.pairs.length * loops) / median(fastRuns)
  const plainOps = (c.pairs.length * loops) / median(plainRuns)
  return {
    measure: c.measure,
    input: c.input,
    ops_per_s: round(ops, ops < 100 ? 2 : 0),
    plain_ops_per_s: round(plainOps, plainOps < 100 ? 2 : 0),
    ratio: round(ops / plainOps, 2),
    agree: worst <= (c.tol ?? 1e-9)
  }
}

let sink = 0
function sweep(f: (a: unknown, b: unknown) => number, pairs: [unknown, unknown][], loops: number): void {
  for (let l = 0; l < loops; l++) for (const [a, b] of pairs) sink += f(a, b)
}

function elapsed(f: () => void): number {
  const t0 = performance.now()
  f()
  return (performance.now() - t0) / 1000
}

function cases(random: () => number, dim: number): Case[] {
  const m = (id: string) => getMeasure(id).compute as (a: never, b: never) => number
  const pairs = <T>(n: number, make: () => T): [T, T][] => Array.from({ length: n }, () => [make(), make()])
  const vec = (): Float32Array => Float32Array.from({ length: dim }, () => random() * 2 - 1)
  const bits = (): Uint8Array => Uint8Array.from({ length: 1024 }, () => (random() < 0.2 ? 1 : 0))
  const dna = (n: number): string => Array.from({ length: n }, () => 'ACGT'[Math.floor(random() * 4)]).join('')
  const edit = (s: string, share: number): string => Array.from(s, (ch) => (random() < share ? 'ACGT'[Math.floor(random() * 4)]! : ch)).join('')
  const related = (n: number, share: number): [string, string][] => Array.from({ length: 40 }, () => dna(n)).map((s) => [s, edit(s, share)])
  const word = (): string => Array.from({ length: 6 + Math.floor(random() * 10) }, () => 'abcdefghijklmnopqrstuvwxyz'[Math.floor(random() * 26)]).join('')
  const text = (n: number): string => Array.from({ length: n }, () => '猫犬鳥魚 abcdeé😀'[Math.floor(random() * 13)]).join('')
  const shingles = (s: string): Set<string> => new Set(Array.from({ length: s.length - 2 }, (_, i) => s.slice(i, i + 3)))
  const hist = (): Float64Array => Float64Array.from({ length: 256 }, () => random())
  const vectors = pairs(200, vec)
  const binary = pairs(200, bits)
  const minkowski = getMeasure('minkowski').compute as (a: Float32Array, b: Float32Array, p: { p: number }) => number
  return [
    { measure: 'euclidean', input: `Float32Array × ${dim}`, pairs: vectors, fast: m('euclidean'), plain: pv.plainEuclidean },
    { measure: 'sqeuclidean', input: `Float32Array × ${dim}`, pairs: vectors, fast: m('sqeuclidean'), plain: pv.plainSquaredEuclidean },
    { measure: 'manhattan', input: `Float32Array × ${dim}`, pairs: vectors, fast: m('manhattan'), plain: pv.plainManhattan },
    { measure: 'minkowski', input: `p = 3, Float32Array × ${dim}`, pairs: vectors, fast: (a: Float32Array, b: Float32Array) => minkowski(a, b, { p: 3 }), plain: (a: Float32Array, b: Float32Array) => pv.plainMinkowski(a, b, 3) },
    { measure: 'chebyshev', input: `Float32Array × ${dim}`, pairs: vectors, fast: m('chebyshev'), plain: pv.plainChebyshev },
    { measure: 'cosine-similarity', input: `Float32Array × ${dim}`, pairs: vectors, fast: m('cosine-similarity'), plain: pv.plainCosineSimilarity },
    { measure: 'cosine-distance', input: `Float32Array × ${dim}`, pairs: vectors, fast: m('cosine-distance'), plain: (a: Float32Array, b: Float32Array) => 1 - pv.plainCosineSimilarity(a, b) },
    { measure: 'pearson', input: `Float32Array × ${dim}`, pairs: vectors, fast: m('pearson'), plain: pv.plainPearson },
    { measure: 'spearman', input: `Float32Array × ${dim}`, pairs: vectors, fast: m('spearman'), plain: pv.plainSpearman },
    { measure: 'jaccard-binary', input: 'Uint8Array × 1024', pairs: binary, fast: m('jaccard-binary'), plain: pv.plainJaccardBinaryDistance },
    { measure: 'hamming-binary', input: 'Uint8Array × 1024', pairs: binary, fast: m('hamming-binary'), plain: pv.plainHammingBinary },
    { measure: 'jaccard-set', input: '3-mer sets of 200-base DNA', pairs: related(200, 0.1).map(([a, b]) => [shingles(a), shingles(b)]), fast: m('jaccard-set'), plain: pv.plainJaccardSetDistance },
    { measure: 'hamming-string', input: '100-base DNA, 10% changed', pairs: related(100, 0.1), fast: m('hamming-string'), plain: ps.plainHamming },
    { measure: 'levenshtein', input: 'words of 6–15 letters', pairs: pairs(400, word), fast: m('levenshtein'), plain: ps.plainLevenshtein },
    { measure: 'levenshtein', input: '100-base DNA, 10% changed', pairs: related(100, 0.1), fast: m('levenshtein'), plain: ps.plainLevenshtein },
    { measure: 'levenshtein', input: '1,000-base DNA, 10% changed', pairs: related(1000, 0.1).slice(0, 10), fast: m('levenshtein'), plain: ps.plainLevenshtein },
    { measure: 'levenshtein', input: '1,000-base DNA, unrelated', pairs: pairs(10, () => dna(1000)), fast: m('levenshtein'), plain: ps.plainLevenshtein },
    { measure: 'levenshtein', input: '1,000-base DNA, unrelated, maxDistance 100', pairs: pairs(10, () => dna(1000)), fast: (a: string, b: string) => Math.min(getMeasure('levenshtein').compute(a as never, b as never, { maxDistance: 100 }), 101), plain: (a: string, b: string) => Math.min(ps.plainLevenshtein(a, b), 101) },
    { measure: 'levenshtein', input: '200 characters of CJK, Latin and emoji', pairs: pairs(20, () => text(200)), fast: m('levenshtein'), plain: ps.plainLevenshtein },
    { measure: 'osa', input: '100-base DNA, 10% changed', pairs: related(100, 0.1), fast: m('osa'), plain: ps.plainOsa },
    { measure: 'damerau-levenshtein', input: '100-base DNA, 10% changed', pairs: related(100, 0.1), fast: m('damerau-levenshtein'), plain: ps.plainDamerauLevenshtein },
    { measure: 'jaro', input: 'words of 6–15 letters', pairs: pairs(400, word), fast: m('jaro'), plain: ps.plainJaro },
    { measure: 'jaro-winkler', input: 'words of 6–15 letters', pairs: pairs(400, word), fast: m('jaro-winkler'), plain: ps.plainJaroWinkler },
    { measure: 'jaro-winkler', input: '100-base DNA, 10% changed', pairs: related(100, 0.1), fast: m('jaro-winkler'), plain: ps.plainJaroWinkler },
    { measure: 'emd-1d', input: '256-bin histograms', pairs: pairs(100, hist), fast: m('emd-1d'), plain: (a: Float64Array, b: Float64Array) => pv.plainEmd1d(a, b) },
    ...[4, 7, 14].map((side) => ({
      measure: 'emd-signature', input: `${side} × ${side} blocks, generated blobs`, tol: 1e-6,
      pairs: pairs(side === 14 ? 8 : 30, () => blobSignature(random, side)), fast: m('emd-signature'), plain: plainEmdSignature
    }))
  ]
}

/** A smooth image-like signature: three Gaussian blobs on a side × side grid, every block > 0. */
function blobSignature(random: () => number, side: number): Signature {
  const w = new Float64Array(side * side)
  for (let k = 0; k < 3; k++) {
    const [cy, cx, s, h] = [random() * side, random() * side, 0.5 + (random() * side) / 3, 0.2 + random()]
    for (let r = 0; r < side; r++) for (let c = 0; c < side; c++) w[r * side + c]! += h * Math.exp(-((r + 0.5 - cy) ** 2 + (c + 0.5 - cx) ** 2) / (2 * s * s))
  }
  return gridSignature(w.map((x) => x + 1e-3), side, side)
}

function mnistEmd(): Record<string, unknown> {
  let test, train
  try {
    test = readMnist('test').images
    train = readMnist('train').images
  } catch (err) {
    return { skipped: (err as Error).message }
  }
  const signature = (images: typeof test, i: number): Signature => {
    const px = imageAt(images, i)
    const w = new Float64Array(196)
    for (let y = 0; y < 28; y++) for (let x = 0; x < 28; x++) w[(y >> 1) * 14 + (x >> 1)]! += px[y * 28 + x]!
    return gridSignature(w, 14, 14)
  }
  const queries = Array.from({ length: 10 }, (_, i) => signature(test, i))
  const images = Array.from({ length: 100 }, (_, i) => signature(train, i))
  const emd = getMeasure('emd-signature').compute as (a: Signature, b: Signature) => number
  progress('MNIST: 10 queries × 100 images, 14 × 14 blocks')
  const seconds = elapsed(() => queries.forEach((q) => images.forEach((im) => (sink += emd(q, im)))))
  // The plain solver on a tenth of the work (1 query × 100 images), scaled up, and checked against the fast one.
  let plainValues: number[] = []
  const plainSeconds = 10 * elapsed(() => (plainValues = images.map((im) => plainEmdSignature(queries[0]!, im))))
  const worst = Math.max(...images.map((im, i) => Math.abs(emd(queries[0]!, im) - plainValues[i]!) / plainValues[i]!))
  return {
    seconds: round(seconds, 3),
    plain_seconds_estimated: round(plainSeconds, 1),
    ratio: round(plainSeconds / seconds, 1),
    agree: worst <= 1e-6,
    reported_reference_seconds: REFERENCE_EMD_SECONDS,
    speedup_vs_reported_reference: round(REFERENCE_EMD_SECONDS / seconds, 0)
  }
}
