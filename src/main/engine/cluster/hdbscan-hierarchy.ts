/**
 * The single-linkage hierarchy of a minimum spanning tree, built bottom-up with union-find.
 *
 * Deliberate difference from R's `hclustMergeOrder`: edges of equal weight are merged in one step,
 * so a node can have more than two children. R makes every merge binary, and the order it gives
 * equal weights comes from Prim's visiting order, so with ties R's clusters, stabilities and
 * outlier scores can change when the rows are permuted. Mutual-reachability weights tie often
 * (every edge whose weight is a core distance), so this matters. Merging equal weights at once
 * makes the hierarchy depend only on which points are connected at each distance — the same for
 * every minimum spanning tree and every row order. It agrees with R wherever R's answer does not
 * depend on the order; where it does, it is the level-set answer of Campello et al.: a row that
 * joins at the very distance where two clusters meet belongs to neither (R gives it to one side).
 */
import type { Mst } from './hdbscan-mst'

export interface Hierarchy {
  rows: number
  /** Number of merge nodes. Node ids grow with height; the last node is the root. */
  nodes: number
  height: Float64Array
  size: Int32Array
  /** children[childStart[v] .. childStart[v + 1]) are v's children: a row r < rows, or rows + node id. */
  childStart: Int32Array
  children: Int32Array
  /**
   * The node's point closest to row 0 along the tree, as a depth: R orders the two halves of a
   * split by which side holds that point (see hdbscan-tree.ts), so this is kept per node.
   */
  topDepth: Int32Array
  topRow: Int32Array
}

export function singleLinkage(rows: number, mst: Mst): Hierarchy {
  const m = rows - 1
  const sorted = new Uint32Array(m)
  for (let i = 0; i < m; i++) sorted[i] = i
  sorted.sort((i, j) => mst.w[i]! - mst.w[j]! || i - j)
  const depth = treeDepths(rows, mst)

  const height = new Float64Array(m)
  const size = new Int32Array(m)
  const topDepth = new Int32Array(m)
  const topRow = new Int32Array(m)
  const childStart = new Int32Array(m + 1)
  const children = new Int32Array(rows + m)
  const uf = new Int32Array(rows)
  for (let i = 0; i < rows; i++) uf[i] = i
  const find = (x: number): number => {
    while (uf[x] !== x) {
      const p = uf[uf[x]!]!
      uf[x] = p
      x = p
    }
    return x
  }
  const ref = new Int32Array(rows) // union-find root → the row or node standing for its component
  for (let i = 0; i < rows; i++) ref[i] = i
  const stamp = new Int32Array(rows).fill(-1)
  let nodes = 0
  let filled = 0
  const refSize = (r: number): number => (r < rows ? 1 : size[r - rows]!)
  const refTop = (r: number): number => (r < rows ? depth[r]! : topDepth[r - rows]!)
  const refTopRow = (r: number): number => (r < rows ? r : topRow[r - rows]!)

  const addNode = (root: number, kids: ArrayLike<number>, w: number): void => {
    const v = nodes++
    height[v] = w
    childStart[v] = filled
    let s = 0
    let best = kids[0]!
    for (let i = 0; i < kids.length; i++) {
      const kid = kids[i]!
      children[filled++] = kid
      s += refSize(kid)
      if (refTop(kid) < refTop(best)) best = kid
    }
    size[v] = s
    topDepth[v] = refTop(best)
    topRow[v] = refTopRow(best)
    ref[root] = rows + v
  }

  const pair = new Int32Array(2)
  for (let g = 0; g < m; ) {
    const w = mst.w[sorted[g]!]!
    let end = g + 1
    while (end < m && mst.w[sorted[end]!] === w) end++
    if (end === g + 1) {
      // One edge of this weight: the common, binary merge.
      const ra = find(mst.a[sorted[g]!]!)
      const rb = find(mst.b[sorted[g]!]!)
      pair[0] = ref[ra]!
      pair[1] = ref[rb]!
      uf[ra] = rb
      addNode(rb, pair, w)
      g = end
      continue
    }
    // The components this group joins, each once and before any union; then one node per
    // component they form.
    const parts: number[] = []
    for (let e = g; e < end; e++) {
      for (let side = 0; side < 2; side++) {
        const r = find((side === 0 ? mst.a : mst.b)[sorted[e]!]!)
        if (stamp[r] !== g) {
          stamp[r] = g
          parts.push(r)
        }
      }
    }
    const partRefs = parts.map((r) => ref[r]!)
    for (let e = g; e < end; e++) uf[find(mst.a[sorted[e]!]!)] = find(mst.b[sorted[e]!]!)
    const byRoot = new Map<number, number[]>()
    parts.forEach((r, i) => {
      const root = find(r)
      const list = byRoot.get(root)
      if (list) list.push(partRefs[i]!)
      else byRoot.set(root, [partRefs[i]!])
    })
    for (const [root, kids] of byRoot) addNode(root, kids, w)
    g = end
  }
  childStart[nodes] = filled
  return {
    rows,
    nodes,
    height: height.subarray(0, nodes),
    size: size.subarray(0, nodes),
    childStart: childStart.subarray(0, nodes + 1),
    children: children.subarray(0, filled),
    topDepth: topDepth.subarray(0, nodes),
    topRow: topRow.subarray(0, nodes)
  }
}

/** Hop count from row 0 along the tree, by breadth-first search over its adjacency lists. */
function treeDepths(rows: number, mst: Mst): Int32Array {
  const degree = new Int32Array(rows + 1)
  for (let e = 0; e < rows - 1; e++) {
    degree[mst.a[e]! + 1]!++
    degree[mst.b[e]! + 1]!++
  }
  for (let i = 0; i < rows; i++) degree[i + 1]! += degree[i]!
  const fill = degree.slice(0, rows)
  const adj = new Int32Array(2 * (rows - 1))
  for (let e = 0; e < rows - 1; e++) {
    adj[fill[mst.a[e]!]!++] = mst.b[e]!
    adj[fill[mst.b[e]!]!++] = mst.a[e]!
  }
  const depth = new Int32Array(rows).fill(-1)
  const queue = new Int32Array(rows)
  depth[0] = 0
  let head = 0
  let tail = 1
  while (head < tail) {
    const v = queue[head++]!
    for (let k = degree[v]!; k < degree[v + 1]!; k++) {
      const u = adj[k]!
      if (depth[u]! < 0) {
        depth[u] = depth[v]! + 1
        queue[tail++] = u
      }
    }
  }
  return depth
}
