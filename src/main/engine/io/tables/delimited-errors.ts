/** The delimited reader's messages: where the problem is, as the user sees the file, and what to do. */
import { DECIMAL_COMMA, INFINITE, MISSING_VALUE } from './delimited-sniff'
import { TableReadError, quote } from './errors'
import { NUMERIC_SHAPE } from './field-scanner'

/** Why the cell at `line`, column `j` is not a number (the file's lines and columns count from 1). */
export function cellError(line: number, j: number, column: string, cell: string, names: readonly string[] | null): TableReadError {
  const where = `line ${line}, column ${column}`
  if (cell === '') {
    return new TableReadError(`Fill or remove the empty cell at ${where}: every row needs a number in every vector column.`)
  }
  const shown = quote(cell)
  if (MISSING_VALUE.test(cell)) {
    return new TableReadError(`The cell at ${where} holds ${shown}, a missing value. Fill it with a number or remove the row.`)
  }
  if (INFINITE.test(cell)) {
    return new TableReadError(`The cell at ${where} holds ${shown}, which is not a finite number. Replace it or remove the row.`)
  }
  if (NUMERIC_SHAPE.test(cell)) {
    return new TableReadError(`The cell at ${where} holds ${shown}, too large for 32-bit floats (about ±3.4e38). Rescale that column.`)
  }
  if (DECIMAL_COMMA.test(cell)) {
    return new TableReadError(
      `The cell at ${where} holds ${shown}, a number with a decimal comma. Save the file with decimal points (${cell.replace(',', '.')}).`
    )
  }
  const option = names ? (names[j] ?? '') : `${j} (counting columns from 0)`
  return new TableReadError(
    `The cell at ${where} holds ${shown}, which is not a number. If that column holds the labels, choose it as the ` +
      `label column (--label-column ${option}); if it holds names, as the id column (--id-column ${option}); otherwise remove it.`
  )
}

export function raggedError(line: number, found: number, expected: number, hadHeader: boolean): TableReadError {
  const from = hadHeader ? 'the header has' : 'the first line has'
  return new TableReadError(
    `Line ${line} has ${found} cells but ${from} ${expected}. Give every line the same number of cells ` +
      '(quote any cell that contains the delimiter).'
  )
}

/** A 0-based index or a header name as a column index, with an error that lists what there is. */
export function resolveColumn(which: string | number, names: readonly string[] | null, cols: number, role: 'label' | 'id'): number {
  if (typeof which === 'number') {
    if (Number.isInteger(which) && which >= 0 && which < cols) return which
    throw new TableReadError(`There is no column ${which} for the ${role}s: columns count from 0 and the file has ${cols}. Choose 0 to ${cols - 1}.`)
  }
  if (!names) {
    throw new TableReadError(`The file has no header row, so no column is named ${quote(which)}. Give the ${role} column by number, counting from 0.`)
  }
  const exact = names.indexOf(which)
  if (exact >= 0) return exact
  const loose = names.findIndex((n) => n.trim().toLowerCase() === which.trim().toLowerCase())
  if (loose >= 0) return loose
  const listed = names.slice(0, 12).map((n) => quote(n, 20)).join(', ') + (names.length > 12 ? ', …' : '')
  throw new TableReadError(`No column is named ${quote(which)}, so it cannot be the ${role} column. The header has: ${listed}.`)
}
