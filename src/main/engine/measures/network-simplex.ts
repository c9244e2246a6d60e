/**
 * Exact solver for the transportation problem behind the Earth Mover's Distance:
 *   minimise Σ cost[i][j]·flow[i][j]  subject to  Σ_j flow[i][j] = supply[i],
 *   Σ_i flow[i][j] = demand[j],  flow ≥ 0,  with Σ supply = Σ demand.
 *
 * Why a network simplex: it is exact (it stops at an optimal basic solution, like an LP solver),
 * and on the complete bipartite graph of a 14 × 14 grid (196 + 196 nodes, 38,416 arcs) it needs a
 * few hundred to a few thousand pivots, each touching one block of arcs and one path of the
 * spanning tree. The transportation simplex with MODI potentials is the same method on a matrix,
 * but recomputes all potentials and scans every cell each iteration; the network form updates
 * only the subtree that moved. This follows LEMON's NetworkSimplex (Kovács 2015), which POT's
 * `ot.emd2` also uses, so the two agree to rounding:
 *
 * - start: an artificial root joined to every node by an artificial arc carrying its supply, with
 *   a cost high enough ("big M") that the optimum never keeps flow on them;
 * - pricing: block search, the most negative reduced cost within the first block of √(arcs) arcs
 *   that has one, then the next block from where the last search stopped;
 * - anti-cycling: the leaving arc is chosen so the tree stays strongly feasible (Cunningham 1976),
 *   which rules out endless degenerate pivots, common here since equal masses tie often;
 * - the tree is kept as parent / thread (preorder) / subtree-size lists, updated in place.
 */
import { MeasureError } from './errors'
import { TreeState } from './network-simplex-tree'

export interface TransportSolution {
  /** Σ cost·flow over the optimal plan. */
  cost: number
  pivots: number
  /** The plan's non-zero entries: flow[k] goes from supply from[k] to demand to[k]. */
  from: Int32Array
  to: Int32Array
  flow: Float64Array
}

/** Reduced costs above −tolerance·(big M) count as zero: potentials carry rounding of that size. */
const TOLERANCE = 1e-12

export function solveTransport(supply: ArrayLike<number>, demand: ArrayLike<number>, cost: ArrayLike<number>): TransportSolution {
  const m = supply.length
  const n = demand.length
  if (cost.length !== m * n) throw new MeasureError(`transport: the cost matrix has ${cost.length} entries, not ${m} × ${n}.`)
  const arcs = m * n
  const nodes = m + n
  let maxCost = 0
  for (let e = 0; e < arcs; e++) {
    const c = cost[e]!
    if (!(c >= 0 && c < Infinity)) {
      throw new MeasureError(`transport: the cost from ${Math.floor(e / n)} to ${e % n} is ${c}; costs must be finite and ≥ 0.`)
    }
    if (c > maxCost) maxCost = c
  }
  for (const [name, values] of [['supply', supply], ['demand', demand]] as const) {
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!
      if (!(v >= 0 && v < Infinity)) throw new MeasureError(`transport: ${name} ${i} is ${v}; masses must be finite and ≥ 0.`)
    }
  }
  const bigM = (maxCost + 1) * nodes
  const tree = new TreeState(m, n, cost, bigM)
  const nodeSupply = new Float64Array(nodes)
  for (let i = 0; i < m; i++) nodeSupply[i] = supply[i]!
  for (let j = 0; j < n; j++) nodeSupply[m + j] = -demand[j]!
  tree.init(nodeSupply)

  const eps = TOLERANCE * bigM
  const { src, tgt, state } = tree
  const arcCost = tree.cost
  const pi = tree.pi
  let pivots = 0
  // LEMON's start: for each demand node, try its cheapest incoming arc first.
  for (let j = 0; j < n; j++) {
    let best = 0
    for (let i = 1; i < m; i++) if (cost[i * n + j]! < cost[best * n + j]!) best = i
    const e = best * n + j
    if (arcCost[e]! + pi[src[e]!]! - pi[tgt[e]!]! < -eps) {
      tree.pivot(e)
      pivots++
    }
  }
  const block = Math.max(10, Math.floor(Math.sqrt(arcs)))
  const maxPivots = Math.max(100_000, 20 * arcs)
  const piDemand = pi.subarray(m)
  // Where the next block search starts, as (row i, column j) of the cost matrix.
  let i0 = 0
  let j0 = 0
  for (;;) {
    // Block search, row by row so each row reads its supply potential once. Tree arcs have a
    // reduced cost of 0, so they fail `c < min` before their state is even read.
    let min = -eps
    let entering = -1
    let count = block
    let i = i0
    let j = j0
    for (let scanned = 0; scanned < arcs; ) {
      const piI = pi[i]!
      const row = i * n
      const start = j
      const stop = Math.min(n, j + count, j + arcs - scanned)
      for (; j < stop; j++) {
        const c = arcCost[row + j]! + piI - piDemand[j]!
        if (c < min && state[row + j] === 1) {
          min = c
          entering = row + j
        }
      }
      scanned += stop - start
      count -= stop - start
      if (j === n) {
        j = 0
        if (++i === m) i = 0
      }
      if (count === 0) {
        if (entering >= 0) break
        count = block
      }
    }
    i0 = i
    j0 = j
    if (entering < 0) break
    tree.pivot(entering)
    if (++pivots > maxPivots) {
      throw new MeasureError(`transport: no optimum after ${maxPivots} pivots. The weights may be too extreme; rescale them.`)
    }
  }
  return tree.solution(cost, pivots)
}
