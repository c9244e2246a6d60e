/**
 * Exact minimum spanning tree of the mutual-reachability graph, where the weight of (i, j) is
 * max(core[i], core[j], ‖xᵢ − xⱼ‖). Two methods, same tree up to ties between equal weights:
 *
 *  - primMst: dense Prim, O(n²·d) time and O(n) memory; for high dimensions, where a k-d tree
 *    prunes nothing.
 *  - boruvkaMst: Borůvka over a k-d tree (after McInnes & Healy, "Accelerated hierarchical density
 *    clustering", 2017). Each round, every component finds its lightest outgoing edge; a node is
 *    skipped when all its points are in the querying component, or when its box distance or its
 *    smallest core distance already reaches the component's best edge. The best edge is shared by
 *    all points of a component, which is what makes interior points cheap.
 */
import { type KdTree, pointDistance2, pushChildren } from './hdbscan-kdtree'
import type { Progress } from './hdbscan-progress'

/** n − 1 edges between original rows, in no particular order. */
export interface Mst {
  a: Int32Array
  b: Int32Array
  w: Float64Array
}

export function primMst(data: Float32Array, rows: number, cols: number, core: Float64Array, progress: Progress): Mst {
  const mst: Mst = { a: new Int32Array(rows - 1), b: new Int32Array(rows - 1), w: new Float64Array(rows - 1) }
  const inTree = new Uint8Array(rows)
  const key = new Float64Array(rows).fill(Infinity)
  const parent = new Int32Array(rows)
  let current = 0
  for (let e = 0; e < rows - 1; e++) {
    progress.tick(e, rows)
    inTree[current] = 1
    const oc = current * cols
    const cc = core[current]!
    let next = -1
    let nextKey = Infinity
    for (let j = 0; j < rows; j++) {
      if (inTree[j]) continue
      let k = key[j]!
      const floor = cc > core[j]! ? cc : core[j]!
      // The weight is at least the larger core distance: only compute the distance if that could win.
      if (floor < k) {
        const oj = j * cols
        let sum = 0
        for (let d = 0; d < cols; d++) {
          const t = data[oc + d]! - data[oj + d]!
          sum += t * t
        }
        const dist = Math.sqrt(sum)
        const m = dist > floor ? dist : floor
        if (m < k) {
          key[j] = k = m
          parent[j] = current
        }
      }
      if (k < nextKey) {
        nextKey = k
        next = j
      }
    }
    mst.a[e] = next
    mst.b[e] = parent[next]!
    mst.w[e] = nextKey
    current = next
  }
  return mst
}

/** `core` is in tree order; the edges come back between original rows. */
export function boruvkaMst(tree: KdTree, core: Float64Array, progress: Progress): Mst {
  const { rows, nodes, start, end, left, right, order } = tree
  const mst: Mst = { a: new Int32Array(rows - 1), b: new Int32Array(rows - 1), w: new Float64Array(rows - 1) }
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
  const comp = Int32Array.from(uf)
  const nodeComp = new Int32Array(nodes)
  const nodeMinCore = new Float64Array(nodes)
  for (let node = nodes - 1; node >= 0; node--) {
    const l = left[node]!
    if (l >= 0) {
      nodeMinCore[node] = Math.min(nodeMinCore[l]!, nodeMinCore[right[node]!]!)
      continue
    }
    let m = Infinity
    for (let p = start[node]!; p < end[node]!; p++) m = Math.min(m, core[p]!)
    nodeMinCore[node] = m
  }
  const best = new Float64Array(rows)
  const bestFrom = new Int32Array(rows)
  const bestTo = new Int32Array(rows)
  const stack = new Int32Array(64 + 2 * Math.ceil(Math.log2(nodes + 1)))
  const stackDist = new Float64Array(stack.length)
  let edges = 0
  while (edges < rows - 1) {
    refreshNodeComponents(tree, comp, nodeComp)
    best.fill(Infinity)
    bestFrom.fill(-1)
    for (let q = 0; q < rows; q++) {
      progress.tick(q)
      const c = comp[q]!
      const cq = core[q]!
      if (cq >= best[c]!) continue // every edge from q weighs at least core[q]
      let top = 0
      stack[0] = 0
      stackDist[top++] = 0
      while (top > 0) {
        const node = stack[--top]!
        const bound = best[c]!
        if (nodeComp[node] === c || nodeMinCore[node]! >= bound || stackDist[top]! >= bound * bound) continue
        const l = left[node]!
        if (l < 0) {
          for (let p = start[node]!; p < end[node]!; p++) {
            if (comp[p] === c) continue
            let m = core[p]! > cq ? core[p]! : cq
            if (m >= best[c]!) continue
            const dist = Math.sqrt(pointDistance2(tree, p, q))
            if (dist > m) m = dist
            if (m < best[c]!) {
              best[c] = m
              bestFrom[c] = q
              bestTo[c] = p
            }
          }
          continue
        }
        top = pushChildren(tree, q, l, right[node]!, stack, stackDist, top)
      }
    }
    // Equal weights can make two components pick edges that close a cycle; union-find drops it.
    const before = edges
    for (let c = 0; c < rows; c++) {
      if (bestFrom[c]! < 0) continue
      const ra = find(bestFrom[c]!)
      const rb = find(bestTo[c]!)
      if (ra === rb) continue
      uf[ra] = rb
      mst.a[edges] = order[bestFrom[c]!]!
      mst.b[edges] = order[bestTo[c]!]!
      mst.w[edges] = best[c]!
      edges++
    }
    // Cannot happen with finite weights; a guard against looping forever if it ever did.
    if (edges === before) throw new Error('HDBSCAN: a Borůvka round joined no components (non-finite distances?).')
    for (let i = 0; i < rows; i++) comp[i] = find(i)
    progress.report(rows + edges)
  }
  return mst
}

/** nodeComp[node] = the component all the node's points share, or −1 when they differ. */
function refreshNodeComponents(tree: KdTree, comp: Int32Array, nodeComp: Int32Array): void {
  const { nodes, start, end, left, right } = tree
  for (let node = nodes - 1; node >= 0; node--) {
    const l = left[node]!
    if (l >= 0) {
      const cl = nodeComp[l]!
      nodeComp[node] = cl === nodeComp[right[node]!]! ? cl : -1
      continue
    }
    const c = comp[start[node]!]!
    let same = c
    for (let p = start[node]! + 1; p < end[node]!; p++) {
      if (comp[p] !== c) {
        same = -1
        break
      }
    }
    nodeComp[node] = same
  }
}
