/**
 * From the single-linkage hierarchy to flat clusters, following R's `dbscan` 1.1-11
 * (`computeStability`, `extractUnsupervised` and the R code of `hdbscan`). Heights are distances
 * ("eps"); a cluster's stability is Σ over its points of (1/eps_leave − 1/eps_birth), plus, for a
 * cluster that splits, (points in its child clusters)·(1/eps_split − 1/eps_birth).
 *
 * Walking down from the root, each node belongs to a cluster:
 *  - at least two children with minClusterSize points or more: the cluster ends here and each such
 *    child starts a new cluster; smaller groups stay with the ending cluster.
 *  - otherwise every child stays in the cluster.
 * A row that becomes a single point leaves its cluster at that height, or at the cluster's split
 * height if it has already split (R's `processed` flag): a small group that stayed with a split
 * cluster leaves it at the split. This is R's rule, not sklearn's, where a small group leaves as
 * soon as it breaks off; stabilities and outlier scores differ from sklearn's accordingly.
 *
 * Cluster numbering is R's: depth-first, children in R's merge order — the side of a split away
 * from row 0 in the spanning tree first (R's `prims` emits each edge as (newly reached, previous)).
 *
 * Deliberate differences from R, both where R divides by zero:
 *  - a root that never splits dies at its lowest merge, as every other leaf cluster does, rather
 *    than at 0; R's value makes every outlier score 1 and the root's stability NaN.
 *  - when every member of a cluster has core distance 0, all get membership probability 1 (R: NaN).
 */
import type { Hierarchy } from './hdbscan-hierarchy'

export interface CondensedTree {
  /** Per cluster (0 is the root): parent cluster, −1 for the root. Children have larger ids. */
  parent: Int32Array
  /** Distance at which the cluster appears; the root's is the top merge height. */
  birth: Float64Array
  /** Distance at which it splits, or for a leaf its lowest merge height. */
  death: Float64Array
  stability: Float64Array
  /** Per row: the cluster it leaves as a single point, and the distance at which it leaves. */
  pointCluster: Int32Array
  pointDistance: Float64Array
}

export interface Selection {
  labels: Int32Array
  nClusters: number
  /** Output cluster → condensed-tree cluster. */
  clusters: Int32Array
}

export function condenseTree(h: Hierarchy, minClusterSize: number): CondensedTree {
  const { rows, nodes, height, size, childStart, children } = h
  const capacity = 2 * Math.floor(rows / minClusterSize) + 1
  const parent = new Int32Array(capacity).fill(-1)
  const birth = new Float64Array(capacity)
  const death = new Float64Array(capacity)
  const inChildren = new Float64Array(capacity)
  const split = new Uint8Array(capacity)
  const pointCluster = new Int32Array(rows)
  const pointDistance = new Float64Array(rows)
  const nodeCluster = new Int32Array(nodes)
  let clusters = 1
  birth[0] = death[0] = height[nodes - 1]!

  for (let v = nodes - 1; v >= 0; v--) {
    const c = nodeCluster[v]!
    const hv = height[v]!
    if (!split[c] && hv < death[c]!) death[c] = hv
    let big = 0
    for (let k = childStart[v]!; k < childStart[v + 1]!; k++) {
      const kid = children[k]!
      if (kid >= rows && size[kid - rows]! >= minClusterSize) big++
    }
    if (big >= 2) {
      death[c] = hv
      split[c] = 1
    }
    const kids = big >= 2 ? splitOrder(h, v) : children.subarray(childStart[v]!, childStart[v + 1]!)
    for (const kid of kids) {
      if (kid < rows) {
        pointCluster[kid] = c
        pointDistance[kid] = split[c] ? death[c]! : hv
      } else if (big >= 2 && size[kid - rows]! >= minClusterSize) {
        const nc = clusters++
        parent[nc] = c
        birth[nc] = hv
        death[nc] = height[kid - rows]!
        inChildren[c]! += size[kid - rows]!
        nodeCluster[kid - rows] = nc
      } else {
        nodeCluster[kid - rows] = c
      }
    }
  }

  const stability = new Float64Array(clusters)
  for (let p = 0; p < rows; p++) {
    const c = pointCluster[p]!
    stability[c]! += 1 / pointDistance[p]! - 1 / birth[c]!
  }
  for (let c = 0; c < clusters; c++) {
    if (inChildren[c]! > 0) stability[c]! += inChildren[c]! / death[c]! - inChildren[c]! / birth[c]!
  }
  return {
    parent: parent.slice(0, clusters),
    birth: birth.slice(0, clusters),
    death: death.slice(0, clusters),
    stability,
    pointCluster,
    pointDistance
  }
}

/** v's children, those that start clusters in R's order: deepest top row first (ties: lower row). */
function splitOrder(h: Hierarchy, v: number): Int32Array {
  const kids = h.children.slice(h.childStart[v]!, h.childStart[v + 1]!)
  const rows = h.rows
  const depth = (kid: number): number => (kid < rows ? Infinity : h.topDepth[kid - rows]!)
  const row = (kid: number): number => (kid < rows ? kid : h.topRow[kid - rows]!)
  return kids.sort((x, y) => depth(y) - depth(x) || row(x) - row(y))
}

/**
 * Excess-of-mass selection (R's `fosc`): bottom-up, a cluster is kept over its descendants unless
 * their best total stability is strictly greater. 'leaf' keeps the leaves of the condensed tree
 * (sklearn's option; R has none). The root takes part only when `allowRoot`.
 * Output clusters are numbered in depth-first order, children in the order they were created.
 */
export function selectClusters(tree: CondensedTree, mode: 'eom' | 'leaf', allowRoot: boolean): Selection {
  const { parent, stability, pointCluster } = tree
  const clusters = parent.length
  const childSum = new Float64Array(clusters)
  const hasChildren = new Uint8Array(clusters)
  const keepSelf = new Uint8Array(clusters)
  for (let c = clusters - 1; c >= 0; c--) {
    const score = hasChildren[c] ? (stability[c]! < childSum[c]! ? childSum[c]! : stability[c]!) : stability[c]!
    keepSelf[c] = !hasChildren[c] || (mode === 'eom' && !(stability[c]! < childSum[c]!)) ? 1 : 0
    if (c > 0) {
      childSum[parent[c]!]! += score
      hasChildren[parent[c]!] = 1
    }
  }
  if (!allowRoot) keepSelf[0] = hasChildren[0] ? 0 : 2 // 2: a root without children, never a cluster
  // Children were created in R's order with consecutive ids, so visiting ids in increasing order
  // under each parent is R's depth-first order.
  const firstChild = new Int32Array(clusters).fill(-1)
  const nextSibling = new Int32Array(clusters).fill(-1)
  for (let c = clusters - 1; c > 0; c--) {
    nextSibling[c] = firstChild[parent[c]!]!
    firstChild[parent[c]!] = c
  }
  const clusterLabel = new Int32Array(clusters).fill(-1)
  const chosen: number[] = []
  const stack = [0]
  while (stack.length > 0) {
    const c = stack.pop()!
    if (keepSelf[c] === 1) {
      clusterLabel[c] = chosen.length
      chosen.push(c)
      continue
    }
    const kids: number[] = []
    for (let k = firstChild[c]!; k >= 0; k = nextSibling[k]!) kids.push(k)
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]!)
  }
  // Every descendant of a chosen cluster takes its label (parents have smaller ids).
  for (let c = 1; c < clusters; c++) {
    if (clusterLabel[c]! < 0) clusterLabel[c] = clusterLabel[parent[c]!]!
  }
  const labels = new Int32Array(pointCluster.length)
  for (let p = 0; p < labels.length; p++) labels[p] = clusterLabel[pointCluster[p]!]!
  return { labels, nClusters: chosen.length, clusters: Int32Array.from(chosen) }
}

/** R's `membership_prob`: (max − core)/max over the cluster's members' core distances; noise 0. */
export function membershipProbabilities(selection: Selection, core: ArrayLike<number>): Float32Array {
  const { labels, nClusters } = selection
  const max = new Float64Array(nClusters)
  for (let p = 0; p < labels.length; p++) {
    const l = labels[p]!
    if (l >= 0 && core[p]! > max[l]!) max[l] = core[p]!
  }
  const prob = new Float32Array(labels.length)
  for (let p = 0; p < labels.length; p++) {
    const l = labels[p]!
    if (l >= 0) prob[p] = max[l]! > 0 ? (max[l]! - core[p]!) / max[l]! : 1
  }
  return prob
}

/**
 * GLOSH as R computes it: 1 − eps_max / eps_leave, where eps_max is the lowest death among the
 * leaf clusters under the cluster the row leaves; 0/0 (a row that never becomes an outlier) is 0.
 */
export function outlierScores(tree: CondensedTree): Float32Array {
  const { parent, death, pointCluster, pointDistance } = tree
  const clusters = parent.length
  const epsMax = new Float64Array(clusters).fill(Infinity)
  const hasChildren = new Uint8Array(clusters)
  for (let c = clusters - 1; c >= 0; c--) {
    if (!hasChildren[c]) epsMax[c] = death[c]!
    if (c > 0) {
      const p = parent[c]!
      hasChildren[p] = 1
      if (epsMax[c]! < epsMax[p]!) epsMax[p] = epsMax[c]!
    }
  }
  const scores = new Float32Array(pointCluster.length)
  for (let p = 0; p < scores.length; p++) {
    const s = 1 - epsMax[pointCluster[p]!]! / pointDistance[p]!
    scores[p] = Number.isNaN(s) ? 0 : s
  }
  return scores
}
