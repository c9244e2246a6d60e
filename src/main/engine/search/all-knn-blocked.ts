/**
 * Exact k nearest neighbours of every row for high dimensions, where trees prune nothing and the
 * work is the n²/2 distances. Each distance is taken as ‖a‖² + ‖b‖² − 2a·b with the dot products
 * computed tile by tile (BLOCK rows against BLOCK rows, small enough to stay in cache), four rows
 * against three at a time so twelve sums run side by side: about four times the speed of one dot
 * product after another in V8, which has no SIMD for plain JavaScript. Each pair is computed once
 * and offered to both rows' heaps.
 *
 * The identity loses digits to cancellation, so a candidate that may enter a heap (its estimate
 * within `tol` of the heap's worst) is measured again by the reference sum, and heaps hold only
 * reference distances: the result equals a plain computation, ties by index included. On 4,000
 * MNIST images with k = 15 about 90 candidates per row pass, of 4,000, so the re-check adds about 2 %.
 *
 * The work splits by tile rows, so that threads can share it (src/main/jobs/parallel-knn.ts): tile
 * row t is the rows [t·BLOCK, t·BLOCK + BLOCK) against every row after them, and every pair of
 * rows lies in exactly one tile row (the one of its smaller index). `knnOfTileRows` fills heaps
 * for all n rows from some tile rows, `mergeKnnHeaps` joins the heaps of disjoint sets of tile
 * rows, and `finishKnn` sorts them into the result. allKnnBlocked is all tile rows in one part.
 */
import { checkAborted, squaredDistance } from './checks'
import { heapPush, heapReplaceTop, heapSort, worse } from './knn-heap'
import { SearchError, type KnnResult, type LongWork, type Matrix } from './types'

/** Rows per tile: two tiles of 64 rows × 784 floats are 400 kB, within a core's L2 cache (512 kB here). */
const BLOCK = 64

/**
 * Every row's best candidates from some of the pairs, as max-heaps on (squared distance, index):
 * row i's are heapD/heapI[i·k, i·k + filled[i]), its worst first. Distances are reference sums.
 */
export interface KnnHeaps {
  heapD: Float64Array
  heapI: Int32Array
  filled: Int32Array
}

export function emptyKnnHeaps(n: number, k: number): KnnHeaps {
  return { heapD: new Float64Array(n * k), heapI: new Int32Array(n * k), filled: new Int32Array(n) }
}

/** Tile rows of an n-row matrix: 0 … tileRowCount(n) − 1. */
export function tileRowCount(n: number): number {
  return Math.ceil(n / BLOCK)
}

/** Pairs of rows in tile row t: its rows against the later rows of the matrix. */
function tileRowPairs(n: number, t: number): number {
  const i0 = t * BLOCK
  const rows = Math.max(0, Math.min(n, i0 + BLOCK) - i0)
  return rows * (n - i0) - (rows * (rows + 1)) / 2
}

export function allKnnBlocked(matrix: Matrix, k: number, work: LongWork = {}): KnnResult {
  const n = matrix.rows
  const totalPairs = (n * (n - 1)) / 2
  let pairsDone = 0
  const heaps = knnOfTileRows(matrix, k, Array.from({ length: tileRowCount(n) }, (_, t) => t), {
    signal: work.signal,
    onTileRow: (t) => {
      pairsDone += tileRowPairs(n, t)
      work.onProgress?.(Math.round((n * pairsDone) / Math.max(1, totalPairs)), n)
    }
  })
  return finishKnn(heaps, k)
}

export interface TileRowWork {
  /** Called after each tile row, with its number. */
  onTileRow?: (t: number) => void
  /** Stops the work: the call throws `signal.reason`. */
  signal?: AbortSignal
}

/**
 * Heaps for all n rows holding the best candidates among the pairs of the given tile rows (any
 * order, no repeats; an iterable, so that threads can take tile rows one at a time from a common
 * counter). Merged with the heaps of the other tile rows, they give the exact result.
 *
 * A row's heap admits an estimate only up to that heap's own worst + tol, which in a part is
 * looser than in the whole computation, never tighter: if pair (i, j) belongs to row i's final k
 * nearest, its distance d is at most the final k-th best, which is at most the k-th best of any k
 * candidates, so at most the worst of this part's full heap at any moment; its estimate is within
 * tol of d, so it passes admit[i] and its exact distance is offered. Once offered it is never
 * pushed out, since that would take k better candidates in this part alone, which would then be
 * better than it in the whole. So each part's heap for row i holds every one of row i's final
 * neighbours that the part saw, and the k best of the union of the parts' heaps are the result.
 *
 * Looser thresholds mean more re-checks: each part fills every row's heap anew. On 8,000 × 50
 * rows (k = 14) eight parts took about a third more work than one, so threads should make few
 * parts (one each), not many.
 */
export function knnOfTileRows(matrix: Matrix, k: number, tileRows: Iterable<number>, work: TileRowWork = {}): KnnHeaps {
  const { data, rows: n, cols: dim } = matrix
  const norms = new Float64Array(n)
  let maxNorm = 0
  for (let i = 0; i < n; i++) {
    norms[i] = squaredDistanceToZero(data, i * dim, dim)
    maxNorm = Math.max(maxNorm, norms[i]!)
  }
  // Rounding bound of the estimate against the reference sum: each of the norms, the dot product
  // and the reference sum errs by at most dim·2⁻⁵³ times a multiple of the largest squared norm.
  const tol = 8 * (dim + 2) * Number.EPSILON * maxNorm
  const { heapD, heapI, filled } = emptyKnnHeaps(n, k)
  const tile = new Float64Array(BLOCK * BLOCK)

  // A row's heap admits an estimate up to its worst reference distance + tol (any while not full).
  const admit = new Float64Array(n).fill(Infinity)
  const offer = (i: number, j: number, exact: number): number => {
    const base = i * k
    const e = exact >= 0 ? exact : squaredDistance(data, i * dim, j * dim, dim)
    const size = filled[i]!
    if (size < k) {
      heapPush(heapD, heapI, base, size, e, j)
      filled[i] = size + 1
      if (size + 1 === k) admit[i] = heapD[base]! + tol
    } else if (worse(heapD[base]!, heapI[base]!, e, j)) {
      heapReplaceTop(heapD, heapI, base, k, e, j)
      admit[i] = heapD[base]! + tol
    }
    return e
  }

  for (const t of tileRows) {
    const i0 = t * BLOCK
    const i1 = Math.min(n, i0 + BLOCK)
    for (let j0 = i0; j0 < n; j0 += BLOCK) {
      checkAborted(work.signal)
      const j1 = Math.min(n, j0 + BLOCK)
      dotTile(data, dim, i0, i1, j0, j1, tile)
      for (let i = i0; i < i1; i++) {
        const ni = norms[i]!
        const row = (i - i0) * BLOCK - j0
        let admitI = admit[i]!
        for (let j = Math.max(j0, i + 1); j < j1; j++) {
          const estimate = ni + norms[j]! - 2 * tile[row + j]!
          let exact = -1
          if (estimate <= admitI) {
            exact = offer(i, j, exact)
            admitI = admit[i]!
          }
          if (estimate <= admit[j]!) offer(j, i, exact)
        }
      }
    }
    work.onTileRow?.(t)
  }
  return { heapD, heapI, filled }
}

/**
 * Adds the candidates of `part` to `into`, keeping each row's k best by (distance, index). The
 * parts must come from disjoint sets of tile rows, so no candidate is in both; the order in which
 * parts are merged changes nothing in the result.
 */
export function mergeKnnHeaps(into: KnnHeaps, part: KnnHeaps, k: number): void {
  const { heapD, heapI, filled } = into
  const n = filled.length
  for (let i = 0; i < n; i++) {
    const base = i * k
    let size = filled[i]!
    for (let t = base; t < base + part.filled[i]!; t++) {
      const d = part.heapD[t]!
      const j = part.heapI[t]!
      if (size < k) heapPush(heapD, heapI, base, size++, d, j)
      else if (worse(heapD[base]!, heapI[base]!, d, j)) heapReplaceTop(heapD, heapI, base, k, d, j)
    }
    filled[i] = size
  }
}

/** The result from heaps that hold all pairs: each row sorted by (distance, index), distances as square roots. */
export function finishKnn(heaps: KnnHeaps, k: number): KnnResult {
  const { heapD, heapI, filled } = heaps
  const n = filled.length
  const indices = new Int32Array(n * k)
  const distances = new Float32Array(n * k)
  for (let i = 0; i < n; i++) {
    if (filled[i] !== k) {
      throw new SearchError(`Row ${i} has only ${filled[i]} of ${k} neighbours. k must be below the number of rows, and the merged parts must cover every tile row.`)
    }
    heapSort(heapD, heapI, i * k, k)
    for (let t = i * k; t < i * k + k; t++) {
      indices[t] = heapI[t]!
      distances[t] = Math.sqrt(heapD[t]!)
    }
  }
  return { indices, distances }
}

function squaredDistanceToZero(data: Float32Array, a: number, dim: number): number {
  let s = 0
  for (let d = 0; d < dim; d++) s += data[a + d]! * data[a + d]!
  return s
}

/** tile[(i − i0)·BLOCK + (j − j0)] = row i · row j for the rows of two blocks. */
function dotTile(data: Float32Array, dim: number, i0: number, i1: number, j0: number, j1: number, tile: Float64Array): void {
  let i = i0
  for (; i + 4 <= i1; i += 4) {
    let j = j0
    for (; j + 3 <= j1; j += 3) dot4x3(data, i, data, j, dim, tile, (i - i0) * BLOCK + (j - j0), BLOCK)
    for (; j < j1; j++) {
      for (let r = 0; r < 4; r++) tile[(i + r - i0) * BLOCK + (j - j0)] = dot(data, dim, i + r, j)
    }
  }
  for (; i < i1; i++) {
    for (let j = j0; j < j1; j++) tile[(i - i0) * BLOCK + (j - j0)] = dot(data, dim, i, j)
  }
}

/**
 * out[at + r·stride + c] = row i + r of x · row j + c of y, for r < 4 and c < 3: twelve sums side by
 * side, each over the dimensions in order. Also projects rows onto directions (ann-kernel.ts).
 */
export function dot4x3(x: Float32Array, i: number, y: Float32Array, j: number, dim: number, out: Float32Array | Float64Array, at: number, stride: number): void {
  const a0 = i * dim
  const a1 = a0 + dim
  const a2 = a1 + dim
  const a3 = a2 + dim
  const b0 = j * dim
  const b1 = b0 + dim
  const b2 = b1 + dim
  let s00 = 0, s01 = 0, s02 = 0, s10 = 0, s11 = 0, s12 = 0
  let s20 = 0, s21 = 0, s22 = 0, s30 = 0, s31 = 0, s32 = 0
  for (let d = 0; d < dim; d++) {
    const y0 = y[b0 + d]!
    const y1 = y[b1 + d]!
    const y2 = y[b2 + d]!
    const x0 = x[a0 + d]!
    const x1 = x[a1 + d]!
    const x2 = x[a2 + d]!
    const x3 = x[a3 + d]!
    s00 += x0 * y0
    s01 += x0 * y1
    s02 += x0 * y2
    s10 += x1 * y0
    s11 += x1 * y1
    s12 += x1 * y2
    s20 += x2 * y0
    s21 += x2 * y1
    s22 += x2 * y2
    s30 += x3 * y0
    s31 += x3 * y1
    s32 += x3 * y2
  }
  out[at] = s00
  out[at + 1] = s01
  out[at + 2] = s02
  out[at + stride] = s10
  out[at + stride + 1] = s11
  out[at + stride + 2] = s12
  out[at + 2 * stride] = s20
  out[at + 2 * stride + 1] = s21
  out[at + 2 * stride + 2] = s22
  out[at + 3 * stride] = s30
  out[at + 3 * stride + 1] = s31
  out[at + 3 * stride + 2] = s32
}

function dot(data: Float32Array, dim: number, i: number, j: number): number {
  const a = i * dim
  const b = j * dim
  let s0 = 0
  let s1 = 0
  let d = 0
  for (; d + 2 <= dim; d += 2) {
    s0 += data[a + d]! * data[b + d]!
    s1 += data[a + d + 1]! * data[b + d + 1]!
  }
  if (d < dim) s0 += data[a + d]! * data[b + d]!
  return s0 + s1
}
