/**
 * Triplet mining. Batch-hard and semi-hard work on the pairwise distance matrix of one batch
 * (Hermans, Beyer & Leibe 2017; Schroff et al. 2015, FaceNet); the threshold variant follows the
 * reference, which picked each anchor's negative among precomputed embeddings of the whole training
 * set, at random among those closer than a distance threshold.
 *
 * Mining only chooses indices; it sees plain numbers and no gradient flows through it. An anchor
 * without a positive (a class with one item in the batch) yields no triplet but still serves as a
 * negative for the others; a batch with no valid triplet yields none, and the trainer counts its
 * loss as 0.
 */

/** Index triplets (into a batch or into the whole data, as the producer says). */
export interface Triplets {
  anchor: Int32Array
  positive: Int32Array
  negative: Int32Array
}

/** Euclidean distances between the n rows of `emb` (row-major, `dim` columns); n × n. */
export function pairwiseDistances(emb: Float32Array, n: number, dim: number): Float64Array {
  const dist = new Float64Array(n * n)
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      let s = 0
      for (let d = 0; d < dim; d++) {
        const diff = emb[i * dim + d]! - emb[j * dim + d]!
        s += diff * diff
      }
      dist[i * n + j] = dist[j * n + i] = Math.sqrt(s)
    }
  }
  return dist
}

function pack(a: number[], p: number[], n: number[]): Triplets {
  return { anchor: Int32Array.from(a), positive: Int32Array.from(p), negative: Int32Array.from(n) }
}

/** The nearest item of another class to row i, or -1. */
function nearestNegative(dist: Float64Array, labels: Int32Array, i: number): number {
  const n = labels.length
  let best = -1
  for (let k = 0; k < n; k++) {
    if (labels[k] !== labels[i] && (best < 0 || dist[i * n + k]! < dist[i * n + best]!)) best = k
  }
  return best
}

/** For each anchor, its farthest positive and nearest negative in the batch. */
export function batchHard(dist: Float64Array, labels: Int32Array): Triplets {
  const n = labels.length
  const a: number[] = []
  const p: number[] = []
  const ng: number[] = []
  for (let i = 0; i < n; i++) {
    let pos = -1
    for (let j = 0; j < n; j++) {
      if (j !== i && labels[j] === labels[i] && (pos < 0 || dist[i * n + j]! > dist[i * n + pos]!)) pos = j
    }
    const neg = nearestNegative(dist, labels, i)
    if (pos < 0 || neg < 0) continue
    a.push(i)
    p.push(pos)
    ng.push(neg)
  }
  return pack(a, p, ng)
}

/**
 * For each anchor–positive pair, the nearest negative that is farther than the positive but within
 * the margin (d(a,p) < d(a,n) < d(a,p) + margin); the nearest negative overall when none is.
 */
export function semiHard(dist: Float64Array, labels: Int32Array, margin: number): Triplets {
  const n = labels.length
  const a: number[] = []
  const p: number[] = []
  const ng: number[] = []
  for (let i = 0; i < n; i++) {
    const hardest = nearestNegative(dist, labels, i)
    if (hardest < 0) continue
    for (let j = 0; j < n; j++) {
      if (j === i || labels[j] !== labels[i]) continue
      const dap = dist[i * n + j]!
      let pick = -1
      for (let k = 0; k < n; k++) {
        const dan = dist[i * n + k]!
        if (labels[k] === labels[i] || dan <= dap || dan >= dap + margin) continue
        if (pick < 0 || dan < dist[i * n + pick]!) pick = k
      }
      a.push(i)
      p.push(j)
      ng.push(pick >= 0 ? pick : hardest)
    }
  }
  return pack(a, p, ng)
}

export interface ThresholdMiningInput {
  /** Embeddings of every row of the data (row-major, `dim` columns), computed before the step. */
  embeddings: Float32Array
  dim: number
  labels: Int32Array
  /** Rows that may serve as positives and negatives (the training rows). */
  pool: Int32Array
  /** Negatives closer to the anchor than this are candidates. */
  threshold: number
  random: () => number
}

function distanceBetween(emb: Float32Array, dim: number, i: number, j: number): number {
  let s = 0
  for (let d = 0; d < dim; d++) {
    const diff = emb[i * dim + d]! - emb[j * dim + d]!
    s += diff * diff
  }
  return Math.sqrt(s)
}

/**
 * The reference's mining: for each anchor row a random positive of its class from the pool, and a
 * random negative among the pool's rows of other classes closer than the threshold, or the nearest
 * negative when none is that close. Returns data row ids; anchors whose class has no other row in
 * the pool are left out.
 */
export function thresholdTriplets(anchors: Int32Array, input: ThresholdMiningInput): Triplets {
  const { embeddings, dim, labels, pool, threshold, random } = input
  const a: number[] = []
  const p: number[] = []
  const ng: number[] = []
  for (const anchor of anchors) {
    const positives: number[] = []
    const close: number[] = []
    let nearest = -1
    let nearestDistance = Infinity
    for (const row of pool) {
      if (row === anchor) continue
      if (labels[row] === labels[anchor]) {
        positives.push(row)
        continue
      }
      const d = distanceBetween(embeddings, dim, anchor, row)
      if (d < threshold) close.push(row)
      if (d < nearestDistance) {
        nearestDistance = d
        nearest = row
      }
    }
    if (positives.length === 0 || nearest < 0) continue
    a.push(anchor)
    p.push(positives[Math.floor(random() * positives.length)]!)
    ng.push(close.length > 0 ? close[Math.floor(random() * close.length)]! : nearest)
  }
  return pack(a, p, ng)
}
