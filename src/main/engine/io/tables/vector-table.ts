/** What the vector readers (delimited text, JSON) return: one row per item, Float32 row-major. */
export interface VectorTable {
  /** One per row: from the id column or entry, else "row 1", "row 2"… counting data rows from 1. */
  ids: string[]
  /** One per row, as strings, or null when the file has no label column. */
  labels: string[] | null
  /** Names of the vector's columns, `cols` of them. */
  columns: string[]
  rows: number
  cols: number
  /** rows × cols values, row-major. */
  data: Float32Array
  hadHeader: boolean
  /** Where the labels came from (a header name, "column 3", or a JSON key), or null. */
  labelColumn: string | null
}

export function defaultIds(rows: number): string[] {
  return Array.from({ length: rows }, (_, i) => `row ${i + 1}`)
}

export function numberedColumns(cols: number): string[] {
  return Array.from({ length: cols }, (_, i) => `x${i + 1}`)
}
