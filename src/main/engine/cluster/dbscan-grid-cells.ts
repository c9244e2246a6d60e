/**
 * The grid under grid DBSCAN: cells of side eps/√dim (a hair less, for rounding), so that any two
 * points in one cell are within eps of each other; a point's neighbours can then lie only in the
 * 5 × 5 (× 5) block of cells around its own. Only occupied cells exist (a hash map from cell
 * coordinates), so memory is linear in N however small eps is.
 */
import type { Matrix } from '../search/types'

/** Each axis is padded by two cells on both sides, so stencil offsets never wrap into another row of cells. */
const PAD = 2
/** Cell keys must stay exact integers in a double. */
const MAX_KEYS = 2 ** 52
/**
 * Cells per axis at most: cell numbers come from a rounded division whose relative error grows
 * with the cell number, and up to here it stays far below the 10⁻⁷ by which cells are shrunk.
 */
const MAX_CELLS_PER_AXIS = 2 ** 22

export interface Grid {
  dim: number
  cells: number
  /** Points of cell c are members[start[c] … start[c + 1]), by ascending index. */
  start: Int32Array
  members: Int32Array
  /** Point index → its cell. */
  cellOf: Int32Array
  /** Occupied cells of the stencil around cell c (c itself left out): nbList[nbStart[c] … nbStart[c + 1]). */
  nbStart: Int32Array
  nbList: Int32Array
}

function cellSide(dim: number, eps: number): number {
  return (eps / Math.sqrt(dim)) * (1 - 1e-7)
}

/** Per axis, the first cell's lower edge and the number of cells, or null when keys would not be exact. */
function layout(matrix: Matrix, eps: number): { min: Float64Array; strides: Float64Array } | null {
  const { data, rows, cols: dim } = matrix
  if (dim < 1 || dim > 3 || rows === 0) return null
  const side = cellSide(dim, eps)
  const min = new Float64Array(dim).fill(Infinity)
  const max = new Float64Array(dim).fill(-Infinity)
  for (let p = 0; p < rows; p++) {
    for (let d = 0; d < dim; d++) {
      const v = data[p * dim + d]!
      if (v < min[d]!) min[d] = v
      if (v > max[d]!) max[d] = v
    }
  }
  const strides = new Float64Array(dim)
  let keys = 1
  for (let d = dim - 1; d >= 0; d--) {
    strides[d] = keys
    const cells = Math.floor((max[d]! - min[d]!) / side) + 1
    if (!(cells <= MAX_CELLS_PER_AXIS)) return null
    keys *= cells + 2 * PAD
  }
  return keys <= MAX_KEYS ? { min, strides } : null
}

/** Whether grid DBSCAN applies: 1 to 3 columns and a grid whose cell keys stay exact. */
export function gridFits(matrix: Matrix, eps: number): boolean {
  return layout(matrix, eps) !== null
}

export function buildGrid(matrix: Matrix, eps: number): Grid {
  const shape = layout(matrix, eps)
  if (!shape) throw new Error('buildGrid called for a matrix the grid does not fit; check gridFits first.')
  const { data, rows: n, cols: dim } = matrix
  const { min, strides } = shape
  const side = cellSide(dim, eps)
  const byKey = new Map<number, number>()
  const keys: number[] = []
  const cellOf = new Int32Array(n)
  for (let p = 0; p < n; p++) {
    let key = 0
    for (let d = 0; d < dim; d++) key += (Math.floor((data[p * dim + d]! - min[d]!) / side) + PAD) * strides[d]!
    let c = byKey.get(key)
    if (c === undefined) {
      c = keys.length
      byKey.set(key, c)
      keys.push(key)
    }
    cellOf[p] = c
  }
  const cells = keys.length
  const start = new Int32Array(cells + 1)
  for (let p = 0; p < n; p++) start[cellOf[p]! + 1]!++
  for (let c = 0; c < cells; c++) start[c + 1]! += start[c]!
  const fill = start.slice(0, cells)
  const members = new Int32Array(n)
  for (let p = 0; p < n; p++) members[fill[cellOf[p]!]!++] = p

  const offsets = stencil(dim, strides)
  const nbStart = new Int32Array(cells + 1)
  const found: number[] = []
  for (let c = 0; c < cells; c++) {
    for (const o of offsets) {
      const b = byKey.get(keys[c]! + o)
      if (b !== undefined) found.push(b)
    }
    nbStart[c + 1] = found.length
  }
  return { dim, cells, start, members, cellOf, nbStart, nbList: Int32Array.from(found) }
}

/**
 * Key offsets of the cells that can hold a neighbour: every offset in [−2, 2]^dim but 0. With
 * side eps/√dim, cells two apart on every axis are still closer than eps; three apart on any
 * axis they are 2·eps/√dim > eps away when dim ≤ 3.
 */
function stencil(dim: number, strides: Float64Array): number[] {
  const out: number[] = []
  const walk = (d: number, key: number, zero: boolean): void => {
    if (d === dim) {
      if (!zero) out.push(key)
      return
    }
    for (let o = -PAD; o <= PAD; o++) walk(d + 1, key + o * strides[d]!, zero && o === 0)
  }
  walk(0, 0, true)
  return out
}
