/**
 * Grid DBSCAN for 1-D to 3-D points (after Gunawan, "A faster algorithm for DBSCAN", 2013, and
 * de Berg, Gunawan & Roeloffzen 2017). On a grid whose cells are cliques (dbscan-grid-cells.ts):
 * 1. core points: every point of a cell holding ≥ minSamples points is core without a distance;
 *    other points count neighbours cell by cell, adding whole cells that lie inside the ball and
 *    stopping at minSamples;
 * 2. clusters: cells with core points are joined (union–find) when some pair of their core
 *    points is within eps; cells already joined are not compared again;
 * 3. labels by the lowest core index of each cluster, as scikit-learn numbers them; a border
 *    point takes the lowest label among the cells whose core points reach it.
 * No step enumerates whole neighbourhoods, so the time does not grow with their size: at a fixed
 * eps and growing N (denser data), range-query DBSCAN grows quadratically and this does not.
 * Results equal the range-query algorithm exactly; the same distance test decides every pair.
 */
import { inside, radiusTest, type RadiusTest } from '../search/checks'
import type { LongWork, Matrix } from '../search/types'
import { buildGrid } from './dbscan-grid-cells'
import { PROGRESS_EVERY, report, type DbscanResult } from './dbscan-types'

export { gridFits } from './dbscan-grid-cells'

export function dbscanGrid(matrix: Matrix, eps: number, minSamples: number, work: LongWork): DbscanResult {
  const { rows: n, cols: dim } = matrix
  const grid = buildGrid(matrix, eps)
  const { cells, start, members, nbStart, nbList } = grid
  const test = radiusTest(eps)
  // Coordinates by slot (cell order), as doubles: a cell's points are one contiguous read.
  const coords = new Float64Array(n * dim)
  const copy = (): void => {
    for (let s = 0; s < n; s++) for (let d = 0; d < dim; d++) coords[s * dim + d] = matrix.data[members[s]! * dim + d]!
  }
  copy()
  const box = new Bounds(dim, cells)
  for (let c = 0; c < cells; c++) box.fit(c, coords, start[c]!, start[c + 1]!)

  // 1. Core points.
  const core = new Uint8Array(n)
  let nextReport = PROGRESS_EVERY
  for (let c = 0; c < cells; c++) {
    const s0 = start[c]!
    const s1 = start[c + 1]!
    if (s0 >= nextReport) {
      report(work, s0, 2 * n)
      nextReport = s0 + PROGRESS_EVERY
    }
    if (s1 - s0 >= minSamples) {
      for (let s = s0; s < s1; s++) core[members[s]!] = 1
      continue
    }
    for (let s = s0; s < s1; s++) {
      let count = s1 - s0
      for (let t = nbStart[c]!; t < nbStart[c + 1]! && count < minSamples; t++) {
        const b = nbList[t]!
        if (box.minTo(b, coords, s * dim) > test.hi) continue
        if (box.maxTo(b, coords, s * dim) <= test.lo) {
          count += start[b + 1]! - start[b]!
          continue
        }
        for (let u = start[b]!, e = start[b + 1]!; u < e && count < minSamples; u++) {
          if (inside(squared(coords, s * dim, u * dim, dim), test)) count++
        }
      }
      if (count >= minSamples) core[members[s]!] = 1
    }
  }

  // Core points first within each cell; coreEnd[c] ends them. The box is refitted to them.
  const coreEnd = new Int32Array(cells)
  const held = new Int32Array(n)
  for (let c = 0; c < cells; c++) {
    const s0 = start[c]!
    const s1 = start[c + 1]!
    held.set(members.subarray(s0, s1))
    let w = s0
    for (let t = 0; t < s1 - s0; t++) if (core[held[t]!]) members[w++] = held[t]!
    coreEnd[c] = w
    for (let t = 0; t < s1 - s0; t++) if (!core[held[t]!]) members[w++] = held[t]!
  }
  copy()
  for (let c = 0; c < cells; c++) box.fit(c, coords, start[c]!, coreEnd[c]!)

  // 2. Clusters: union–find over cells.
  const parent = Int32Array.from({ length: cells }, (_, c) => c)
  const find = (c: number): number => {
    while (parent[c] !== c) {
      parent[c] = parent[parent[c]!]!
      c = parent[c]!
    }
    return c
  }
  for (let a = 0; a < cells; a++) {
    if (a % PROGRESS_EVERY === 0 && a > 0) report(work, n + Math.round((a / cells) * (n / 2)), 2 * n)
    if (coreEnd[a] === start[a]) continue
    for (let t = nbStart[a]!; t < nbStart[a + 1]!; t++) {
      const b = nbList[t]!
      if (b < a || coreEnd[b] === start[b]) continue
      const ra = find(a)
      const rb = find(b)
      if (ra !== rb && coresMeet(a, b, start, coreEnd, coords, dim, box, test)) parent[rb] = ra
    }
  }

  // 3. Labels, numbered as scikit-learn's outer loop meets them: by lowest core index.
  const labels = new Int32Array(n).fill(-1)
  const clusterOf = new Int32Array(cells).fill(-1)
  let nClusters = 0
  for (let p = 0; p < n; p++) {
    if (!core[p]) continue
    const r = find(grid.cellOf[p]!)
    if (clusterOf[r] === -1) clusterOf[r] = nClusters++
    labels[p] = clusterOf[r]!
  }
  const cellLabel = (c: number): number => (coreEnd[c] === start[c] ? -1 : clusterOf[find(c)]!)
  for (let c = 0; c < cells; c++) {
    if (c % PROGRESS_EVERY === 0 && c > 0) report(work, n + Math.round(((cells + c) / cells) * (n / 2)), 2 * n)
    const own = cellLabel(c)
    for (let s = coreEnd[c]!; s < start[c + 1]!; s++) {
      // A core point in the same cell is within eps; only lower labels nearby can beat it.
      let best = own === -1 ? Infinity : own
      for (let t = nbStart[c]!; t < nbStart[c + 1]!; t++) {
        const b = nbList[t]!
        const label = cellLabel(b)
        if (label === -1 || label >= best || box.minTo(b, coords, s * dim) > test.hi) continue
        if (box.maxTo(b, coords, s * dim) <= test.lo) best = label
        else {
          for (let u = start[b]!; u < coreEnd[b]!; u++) {
            if (inside(squared(coords, s * dim, u * dim, dim), test)) {
              best = label
              break
            }
          }
        }
      }
      if (best !== Infinity) labels[members[s]!] = best
    }
  }
  work.onProgress?.(2 * n, 2 * n)
  return { labels, nClusters, core }
}

/** Whether some core point of cell a is within eps of some core point of cell b. */
function coresMeet(a: number, b: number, start: Int32Array, coreEnd: Int32Array, coords: Float64Array, dim: number, box: Bounds, test: RadiusTest): boolean {
  const gap = box.between(a, b)
  if (gap.min > test.hi) return false
  if (gap.max <= test.lo) return true
  for (let s = start[a]!; s < coreEnd[a]!; s++) {
    if (box.minTo(b, coords, s * dim) > test.hi) continue
    for (let u = start[b]!; u < coreEnd[b]!; u++) if (inside(squared(coords, s * dim, u * dim, dim), test)) return true
  }
  return false
}

function squared(coords: Float64Array, a: number, b: number, dim: number): number {
  let s = 0
  for (let d = 0; d < dim; d++) {
    const x = coords[b + d]! - coords[a + d]!
    s += x * x
  }
  return s
}

/**
 * Bounding boxes of (some of) each cell's points. Bounds from boxes are summed like point
 * distances, each term no smaller (max) or no larger (min), so they never misjudge a pair.
 */
class Bounds {
  private readonly lo: Float64Array
  private readonly hi: Float64Array
  private readonly gap = { min: 0, max: 0 }

  constructor(private readonly dim: number, cells: number) {
    this.lo = new Float64Array(cells * dim)
    this.hi = new Float64Array(cells * dim)
  }

  fit(c: number, coords: Float64Array, s0: number, s1: number): void {
    const { dim, lo, hi } = this
    lo.fill(Infinity, c * dim, c * dim + dim)
    hi.fill(-Infinity, c * dim, c * dim + dim)
    for (let s = s0; s < s1; s++) {
      for (let d = 0; d < dim; d++) {
        const v = coords[s * dim + d]!
        if (v < lo[c * dim + d]!) lo[c * dim + d] = v
        if (v > hi[c * dim + d]!) hi[c * dim + d] = v
      }
    }
  }

  minTo(c: number, coords: Float64Array, at: number): number {
    let s = 0
    for (let d = 0; d < this.dim; d++) {
      const v = coords[at + d]!
      const l = this.lo[c * this.dim + d]!
      const h = this.hi[c * this.dim + d]!
      const x = v < l ? l - v : v > h ? v - h : 0
      s += x * x
    }
    return s
  }

  maxTo(c: number, coords: Float64Array, at: number): number {
    let s = 0
    for (let d = 0; d < this.dim; d++) {
      const v = coords[at + d]!
      const x = Math.max(v - this.lo[c * this.dim + d]!, this.hi[c * this.dim + d]! - v)
      s += x * x
    }
    return s
  }

  /** Least and greatest squared distance between a point of box a and a point of box b. */
  between(a: number, b: number): { min: number; max: number } {
    let min = 0
    let max = 0
    for (let d = 0; d < this.dim; d++) {
      const al = this.lo[a * this.dim + d]!
      const ah = this.hi[a * this.dim + d]!
      const bl = this.lo[b * this.dim + d]!
      const bh = this.hi[b * this.dim + d]!
      const g = bl > ah ? bl - ah : al > bh ? al - bh : 0
      const w = Math.max(bh - al, ah - bl)
      min += g * g
      max += w * w
    }
    this.gap.min = min
    this.gap.max = max
    return this.gap
  }
}
