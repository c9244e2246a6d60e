/**
 * Maximum-weight one-to-one assignment on a rectangular matrix: the Hungarian method with
 * potentials (Kuhn–Munkres in the O(r²·c) form of Jonker–Volgenant's shortest augmenting paths),
 * the same optimum as scipy.optimize.linear_sum_assignment(maximize=True).
 * Written here because the one npm package (munkres-js) is unmaintained since 2016 and takes arrays of arrays.
 */

/**
 * For each row of the rows × cols `weights` (row-major), the column it is assigned to, or −1.
 * min(rows, cols) pairs are assigned, and their total weight is the largest possible.
 */
export function maxWeightAssignment(weights: ArrayLike<number>, rows: number, cols: number): Int32Array {
  const assigned = new Int32Array(rows).fill(-1)
  if (rows === 0 || cols === 0) return assigned
  // The method below wants no more rows than columns; a tall matrix is solved transposed.
  if (rows > cols) {
    const byCol = minCostRows((j, i) => -weights[i * cols + j]!, cols, rows)
    byCol.forEach((i, j) => (assigned[i] = j))
    return assigned
  }
  return minCostRows((i, j) => -weights[i * cols + j]!, rows, cols)
}

/** Minimum-cost assignment of every one of n rows to distinct columns among m ≥ n. */
function minCostRows(cost: (i: number, j: number) => number, n: number, m: number): Int32Array {
  // 1-based with a virtual column 0, as in the classic formulation: p[j] is the row on column j.
  const u = new Float64Array(n + 1)
  const v = new Float64Array(m + 1)
  const p = new Int32Array(m + 1)
  const way = new Int32Array(m + 1)
  const minv = new Float64Array(m + 1)
  const used = new Uint8Array(m + 1)
  for (let i = 1; i <= n; i++) {
    p[0] = i
    let j0 = 0
    minv.fill(Infinity)
    used.fill(0)
    // Grow a tree of tight edges from row i until it reaches a free column.
    do {
      used[j0] = 1
      const i0 = p[j0]!
      let delta = Infinity
      let j1 = 0
      for (let j = 1; j <= m; j++) {
        if (used[j]) continue
        const reduced = cost(i0 - 1, j - 1) - u[i0]! - v[j]!
        if (reduced < minv[j]!) {
          minv[j] = reduced
          way[j] = j0
        }
        if (minv[j]! < delta) {
          delta = minv[j]!
          j1 = j
        }
      }
      for (let j = 0; j <= m; j++) {
        if (used[j]) {
          u[p[j]!]! += delta
          v[j]! -= delta
        } else {
          minv[j]! -= delta
        }
      }
      j0 = j1
    } while (p[j0] !== 0)
    // Flip the augmenting path back to row i.
    do {
      const j1 = way[j0]!
      p[j0] = p[j1]!
      j0 = j1
    } while (j0 !== 0)
  }
  const rowOf = new Int32Array(n).fill(-1)
  for (let j = 1; j <= m; j++) if (p[j]! > 0) rowOf[p[j]! - 1] = j - 1
  return rowOf
}
