/**
 * A k-d tree over the rows of a matrix, private to HDBSCAN: exact k-nearest-neighbour distances
 * for the core distances and the bounding boxes the Borůvka MST prunes with.
 *
 * Points are stored in tree order (`order[position]` is the original row) as float64, so every
 * distance is the float64 sum of squares over the columns in column order, the same sum the
 * brute-force paths and R's `dist` compute.
 */
import type { Progress } from './hdbscan-progress'

export interface KdTree {
  rows: number
  cols: number
  /** Tree position → original row. */
  order: Uint32Array
  /** Coordinates in tree order, row-major. */
  points: Float64Array
  /** Per node: first and one-past-last tree position. Children have larger ids than parents. */
  start: Int32Array
  end: Int32Array
  /** Per node: child node ids, −1 for a leaf. */
  left: Int32Array
  right: Int32Array
  /** Per node: bounding box, node·cols + column. */
  lo: Float64Array
  hi: Float64Array
  nodes: number
}

const LEAF_SIZE = 16

export function buildKdTree(data: Float32Array, rows: number, cols: number): KdTree {
  const order = new Uint32Array(rows)
  for (let i = 0; i < rows; i++) order[i] = i
  // Leaves hold more than LEAF_SIZE / 2 points (median splits), which bounds the node count.
  const maxNodes = 2 * Math.ceil(rows / Math.floor((LEAF_SIZE + 1) / 2)) + 1
  const start = new Int32Array(maxNodes)
  const end = new Int32Array(maxNodes)
  const left = new Int32Array(maxNodes).fill(-1)
  const right = new Int32Array(maxNodes).fill(-1)
  const lo = new Float64Array(maxNodes * cols)
  const hi = new Float64Array(maxNodes * cols)
  let nodes = 0
  const stack: number[] = []
  const newNode = (s: number, e: number): number => {
    const id = nodes++
    start[id] = s
    end[id] = e
    for (let d = 0; d < cols; d++) {
      let min = Infinity
      let max = -Infinity
      for (let i = s; i < e; i++) {
        const v = data[order[i]! * cols + d]!
        if (v < min) min = v
        if (v > max) max = v
      }
      lo[id * cols + d] = min
      hi[id * cols + d] = max
    }
    stack.push(id)
    return id
  }
  newNode(0, rows)
  while (stack.length > 0) {
    const id = stack.pop()!
    const s = start[id]!
    const e = end[id]!
    if (e - s <= LEAF_SIZE) continue
    let dim = 0
    let widest = -1
    for (let d = 0; d < cols; d++) {
      const w = hi[id * cols + d]! - lo[id * cols + d]!
      if (w > widest) {
        widest = w
        dim = d
      }
    }
    if (widest <= 0) continue // all points identical: no split can separate them
    const mid = (s + e) >>> 1
    select(order, data, cols, dim, s, e - 1, mid)
    left[id] = newNode(s, mid)
    right[id] = newNode(mid, e)
  }
  const points = new Float64Array(rows * cols)
  for (let i = 0; i < rows; i++) {
    for (let d = 0; d < cols; d++) points[i * cols + d] = data[order[i]! * cols + d]!
  }
  return { rows, cols, order, points, start, end, left, right, lo, hi, nodes }
}

/** Quickselect: puts the k-th smallest (by column `dim`) of order[l..r] at k. */
function select(order: Uint32Array, data: Float32Array, cols: number, dim: number, l: number, r: number, k: number): void {
  const key = (i: number): number => data[order[i]! * cols + dim]!
  while (r > l) {
    const pivot = key((l + r) >>> 1)
    let i = l
    let j = r
    while (i <= j) {
      while (key(i) < pivot) i++
      while (key(j) > pivot) j--
      if (i <= j) {
        const t = order[i]!
        order[i] = order[j]!
        order[j] = t
        i++
        j--
      }
    }
    if (k <= j) r = j
    else if (k >= i) l = i
    else return
  }
}

/** Squared distance from tree position q to the box of `node`. */
export function boxDistance2(tree: KdTree, q: number, node: number): number {
  const { cols, points, lo, hi } = tree
  let sum = 0
  for (let d = 0; d < cols; d++) {
    const x = points[q * cols + d]!
    const a = lo[node * cols + d]!
    const b = hi[node * cols + d]!
    const t = x < a ? a - x : x > b ? x - b : 0
    sum += t * t
  }
  return sum
}

export function pointDistance2(tree: KdTree, p: number, q: number): number {
  const { cols, points } = tree
  let sum = 0
  for (let d = 0; d < cols; d++) {
    const t = points[p * cols + d]! - points[q * cols + d]!
    sum += t * t
  }
  return sum
}

/**
 * Distance from each point to its k-th nearest other point, in tree order. Other copies of a
 * duplicated point count as neighbours at distance 0, the point itself does not.
 */
export function kdCoreDistances(tree: KdTree, k: number, progress: Progress): Float64Array {
  const { rows, start, end, left, right } = tree
  const core = new Float64Array(rows)
  if (k === 0) return core
  const heap = new Float64Array(k) // max-heap of squared distances
  const stack = new Int32Array(64 + 2 * Math.ceil(Math.log2(tree.nodes + 1)))
  const stackDist = new Float64Array(stack.length) // box distance of each stacked node, computed once
  for (let q = 0; q < rows; q++) {
    progress.tick(q, 0)
    heap.fill(Infinity)
    let top = 0
    stack[0] = 0
    stackDist[top++] = 0
    while (top > 0) {
      const node = stack[--top]!
      if (stackDist[top]! >= heap[0]!) continue
      const l = left[node]!
      if (l < 0) {
        for (let p = start[node]!; p < end[node]!; p++) {
          if (p === q) continue
          const d2 = pointDistance2(tree, p, q)
          if (d2 < heap[0]!) siftDown(heap, d2)
        }
        continue
      }
      top = pushChildren(tree, q, l, right[node]!, stack, stackDist, top)
    }
    core[q] = Math.sqrt(heap[0]!)
  }
  return core
}

/** Pushes both children with their box distances, the nearer last so it is searched first. */
export function pushChildren(tree: KdTree, q: number, l: number, r: number, stack: Int32Array, stackDist: Float64Array, top: number): number {
  const dl = boxDistance2(tree, q, l)
  const dr = boxDistance2(tree, q, r)
  if (dl <= dr) {
    stack[top] = r
    stackDist[top++] = dr
    stack[top] = l
    stackDist[top++] = dl
  } else {
    stack[top] = l
    stackDist[top++] = dl
    stack[top] = r
    stackDist[top++] = dr
  }
  return top
}

/** Replaces the largest element of a max-heap by `value` and restores the heap. */
export function siftDown(heap: Float64Array, value: number): void {
  const n = heap.length
  let i = 0
  for (;;) {
    const l = 2 * i + 1
    if (l >= n) break
    const r = l + 1
    const c = r < n && heap[r]! > heap[l]! ? r : l
    if (heap[c]! <= value) break
    heap[i] = heap[c]!
    i = c
  }
  heap[i] = value
}
