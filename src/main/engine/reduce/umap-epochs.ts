/**
 * UMAP's layout optimisation (the epochs) on typed arrays: the same numbers as umap-js 1.4's
 * optimizeLayoutStep, bit for bit, from the same sampled edges, start and seeded random().
 *
 * Every epoch, each edge that is due pulls its two ends together and then pushes its head away
 * from a few points drawn at random (negative samples). The arithmetic, its order and the calls to
 * random() are umap-js's, step for step: the edges in their given order; the attraction
 * coefficient −2ab·s^(b−1) / (1 + a·s^b) of the squared distance s, with Math.pow as umap-js has
 * it, and none where the ends coincide (s = 0); both ends move, since head and tail lie in the
 * same layout; each gradient coordinate clipped to ±4; the negative samples due by
 * epochOfNextNegativeSample, each a random point Math.floor(random() · n), skipped when it is the
 * head itself and pushing by 4 per coordinate when it lies on the head; the learning rate
 * initialAlpha·(1 − e / nEpochs) set after epoch e. umap-js's rows are number arrays of doubles
 * and all its arithmetic is in float64, so a Float64Array layout holds the same bits. The
 * umap-epochs test compares the layouts with umap-js's own step() after every epoch; a and b come
 * from umap-js's own findABParams.
 *
 * Why not umap-js's own: its layout is an array of row arrays, and each negative sample reads a
 * random row, a pointer chase into a separate heap object that misses the cache once the layout
 * is large. Here the layout is one Float64Array (1.1 MB for 70,000 points in 2-D) and the per-edge
 * schedules are typed arrays read in order.
 *
 * Speed (Node 20, one core of a shared 2-core machine, 200 epochs, 2-D, minDist 0.1, random start;
 * the graph of 10 Gaussian blobs in 5-D with 15 neighbours; both from the same start and seed, and
 * the final layouts were the same doubles):
 *   70,000 points (1.27 million sampled edges): umap-js 223–230 s (1.11–1.15 s an epoch), here
 *   89–115 s (0.44–0.58 s an epoch) over four runs: about 2–2.5×.
 *   10,000 points (0.19 million edges): umap-js 0.073–0.106 s an epoch, here 0.053–0.068 s over
 *   two runs of each: at this size umap-js's rows stay in cache too, and the gain is 1.1–1.6×.
 * What is left is mostly Math.pow: at 70,000 points an epoch samples ~430,000 edges and makes ~3
 * million calls to it (two per edge, one per negative sample), and with multiplications in their
 * place a trial epoch took 0.11 s instead of 0.37–0.40 s. They stay: a cheaper power gives other
 * bits than umap-js's, and Math.pow's own results are the JavaScript engine's, which V8 has
 * changed between versions, so only the same call keeps the layouts identical to umap-js's in
 * whatever runtime runs them. (Math.pow(x, 2) is x·x in V8's optimised code; spelling it as
 * umap-js does cost nothing measurable.)
 */
import { findABParams } from 'umap-js/dist/umap.js'
import { UmapError } from './umap-knn'

export interface EpochsInput {
  /** n × dim, row-major: the starting layout, moved in place. */
  embedding: Float64Array
  dim: number
  /** Sampled edges (umap-graph's sampledEdges) in umap-js's order; the negative samples push the head. */
  head: ArrayLike<number>
  tail: ArrayLike<number>
  epochsPerSample: ArrayLike<number>
  nEpochs: number
  /** The curve 1 / (1 + a·d^(2b)); see curveParams. */
  a: number
  b: number
  /** Weight of the negative samples' push. Default 1, as umap-js. */
  gamma?: number
  /** Learning rate at the first epoch. Default 1, as umap-js. */
  initialAlpha?: number
  /** Negative samples per positive one. Default 5, as umap-js. */
  negativeSampleRate?: number
  random: () => number
}

export interface Epochs {
  readonly nEpochs: number
  /** Runs the next epoch, if any is left; the number of epochs done. */
  step(): number
}

/** umap-js's fit of a and b to the membership curve for spread 1 and minDist. */
export function curveParams(minDist: number): { a: number; b: number } {
  return findABParams(1, minDist)
}

/** umap-js's random start: uniform in [−10, 10) per coordinate, drawn row by row. */
export function randomLayout(n: number, dim: number, random: () => number): Float64Array {
  const layout = new Float64Array(n * dim)
  for (let p = 0; p < layout.length; p++) layout[p] = random() * 20 + -10
  return layout
}

const CLIP = 4.0

export function createEpochs(input: EpochsInput): Epochs {
  const { embedding, dim, nEpochs, a, b, gamma = 1, initialAlpha = 1, negativeSampleRate = 5, random } = input
  const nEdges = input.head.length
  const n = checkInput(input)
  const head = Int32Array.from(input.head)
  const tail = Int32Array.from(input.tail)
  const epochsPerSample = Float64Array.from(input.epochsPerSample)
  const epochsPerNegativeSample = epochsPerSample.map((e) => e / negativeSampleRate)
  const epochOfNextSample = Float64Array.from(epochsPerSample)
  const epochOfNextNegativeSample = Float64Array.from(epochsPerNegativeSample)
  // umap-js's products, grouped as it evaluates them left to right.
  const attract = -2.0 * a * b
  const bMinus1 = b - 1.0
  const repel = 2.0 * gamma * b
  let alpha = initialAlpha
  let epoch = 0

  const run = (epochNow: number): void => {
    for (let i = 0; i < nEdges; i++) {
      if (epochOfNextSample[i]! > epochNow) continue
      const j = head[i]!
      const cj = j * dim
      const ck = tail[i]! * dim
      let distSquared = 0.0
      for (let d = 0; d < dim; d++) distSquared += Math.pow(embedding[cj + d]! - embedding[ck + d]!, 2)
      let gradCoeff = 0
      if (distSquared > 0) {
        gradCoeff = attract * Math.pow(distSquared, bMinus1)
        gradCoeff /= a * Math.pow(distSquared, b) + 1.0
      }
      for (let d = 0; d < dim; d++) {
        let gradD = gradCoeff * (embedding[cj + d]! - embedding[ck + d]!)
        gradD = gradD > CLIP ? CLIP : gradD < -CLIP ? -CLIP : gradD
        embedding[cj + d]! += gradD * alpha
        embedding[ck + d]! += -gradD * alpha
      }
      epochOfNextSample[i]! += epochsPerSample[i]!
      const nNegSamples = Math.floor((epochNow - epochOfNextNegativeSample[i]!) / epochsPerNegativeSample[i]!)
      for (let p = 0; p < nNegSamples; p++) {
        const k = Math.floor(random() * n)
        const co = k * dim
        let distSquaredNeg = 0.0
        for (let d = 0; d < dim; d++) distSquaredNeg += Math.pow(embedding[cj + d]! - embedding[co + d]!, 2)
        let gradCoeffNeg = 0.0
        if (distSquaredNeg > 0.0) {
          gradCoeffNeg = repel
          gradCoeffNeg /= (0.001 + distSquaredNeg) * (a * Math.pow(distSquaredNeg, b) + 1)
        } else if (j === k) {
          continue
        }
        for (let d = 0; d < dim; d++) {
          let gradD = 4.0
          if (gradCoeffNeg > 0.0) {
            gradD = gradCoeffNeg * (embedding[cj + d]! - embedding[co + d]!)
            gradD = gradD > CLIP ? CLIP : gradD < -CLIP ? -CLIP : gradD
          }
          embedding[cj + d]! += gradD * alpha
        }
      }
      epochOfNextNegativeSample[i]! += nNegSamples * epochsPerNegativeSample[i]!
    }
  }

  return {
    nEpochs,
    step(): number {
      if (epoch < nEpochs) {
        run(epoch)
        alpha = initialAlpha * (1.0 - epoch / nEpochs)
        epoch += 1
      }
      return epoch
    }
  }
}

/** The number of points; throws on input the loop would read out of bounds. */
function checkInput(input: EpochsInput): number {
  const { embedding, dim, head, tail, epochsPerSample, nEpochs } = input
  if (!Number.isInteger(dim) || dim < 1) throw new UmapError(`The layout's dimension must be a whole number ≥ 1, not ${dim}.`)
  if (embedding.length % dim !== 0) throw new UmapError(`The layout holds ${embedding.length} numbers, not a whole number of rows of ${dim}.`)
  const n = embedding.length / dim
  if (n < 1) throw new UmapError('The layout has no points to optimise.')
  if (tail.length !== head.length || epochsPerSample.length !== head.length) {
    throw new UmapError(`The sampled edges disagree in length: ${head.length} heads, ${tail.length} tails, ${epochsPerSample.length} epochs per sample.`)
  }
  for (let e = 0; e < head.length; e++) {
    const h = head[e]!
    const t = tail[e]!
    if (!(Number.isInteger(h) && h >= 0 && h < n && Number.isInteger(t) && t >= 0 && t < n)) {
      throw new UmapError(`Edge ${e} joins ${h} and ${t}, but the layout has points 0 to ${n - 1} only.`)
    }
  }
  if (!Number.isInteger(nEpochs) || nEpochs < 1) throw new UmapError(`nEpochs must be a whole number ≥ 1, not ${nEpochs}.`)
  return n
}
