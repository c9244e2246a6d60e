/**
 * Guesses about a delimited file's shape, each from a sample of its first lines: which delimiter,
 * whether the first row is a header, and which column holds the labels.
 */
import { NUMERIC_SHAPE, strictNumber } from './field-scanner'

export type Delimiter = ',' | '\t' | ';'

// Tried in this order. A tab or a semicolon on every line is almost surely the delimiter; commas
// also appear inside a semicolon file as decimal commas ("1,5;2,3"), so they come last.
const CANDIDATES: readonly Delimiter[] = ['\t', ';', ',']
const SNIFF_LINES = 20
const SNIFF_CHARS = 1 << 20

/** The first complete, non-blank lines of a text. */
export function firstLines(text: string, max = SNIFF_LINES): string[] {
  const head = text.length > SNIFF_CHARS ? text.slice(0, SNIFF_CHARS) : text
  const lines = head.split(/\r\n|\n|\r/)
  if (head.length < text.length) lines.pop() // the last one may be cut
  return lines.filter((l) => l.trim() !== '').slice(0, max)
}

function countOutsideQuotes(line: string, ch: string): number {
  let n = 0
  let quoted = false
  for (const c of line) {
    if (c === '"') quoted = !quoted
    else if (c === ch && !quoted) n++
  }
  return n
}

/**
 * The delimiter that occurs the same number of times (at least once) on every sampled line, tried
 * tab, semicolon, comma; failing that, one that occurs on every line; failing that, `fallback`.
 */
export function sniffDelimiter(lines: readonly string[], fallback: Delimiter = ','): Delimiter {
  if (lines.length === 0) return fallback
  const counts = CANDIDATES.map((d) => lines.map((l) => countOutsideQuotes(l, d)))
  const consistent = CANDIDATES.find((_, i) => counts[i]!.every((n) => n > 0 && n === counts[i]![0]))
  if (consistent) return consistent
  return CANDIDATES.find((_, i) => counts[i]!.every((n) => n > 0)) ?? fallback
}

export const isNumeric = (cell: string): boolean => !Number.isNaN(strictNumber(cell))

// Cells meant as numbers that are not usable ones. They are reported as such later, and are never
// taken as a sign that their column holds labels.
export const MISSING_VALUE = /^(?:nan|na|n\/a|null|none|missing|\?|-)$/i
export const INFINITE = /^[+-]?inf(?:inity)?$/i
export const DECIMAL_COMMA = /^[+-]?\d*,\d+$/
const MEANT_AS_NUMBER = [MISSING_VALUE, INFINITE, DECIMAL_COMMA, NUMERIC_SHAPE]

/**
 * The header rule: the first row is a header when one of its cells is not a number while the same
 * column holds a number in every other sampled row. A row of names over numeric data passes; a
 * first data row of numbers (and labels, which are text all the way down) does not. With a single
 * row there is nothing to compare with: it is a header only if none of its cells is a number.
 */
export function looksLikeHeader(first: readonly string[], rest: readonly (readonly string[])[]): boolean {
  if (rest.length === 0) return first.every((c) => c !== '' && !isNumeric(c))
  return first.some((cell, j) => !isNumeric(cell) && rest.every((row) => j < row.length && isNumeric(row[j]!)))
}

const isText = (cell: string): boolean => cell !== '' && !MEANT_AS_NUMBER.some((re) => re.test(cell))

// Not 'y': point files often have x and y coordinates, and a numeric y is no label.
const LABEL_NAMES = ['label', 'class', 'target', 'group', 'category']

/**
 * The label column when none was named: a column called label/class/target/group/category (any
 * case, in that order of preference), else the only column holding text, else none.
 * A column holds text when a sampled cell is neither empty nor meant as a number (NaN, NA, inf,
 * 1,5 with a decimal comma, 1e99…): those are bad numbers, reported later, not a sign of labels.
 */
export function guessLabelColumn(
  names: readonly string[] | null,
  sample: readonly (readonly string[])[],
  cols: number,
  skip: number | null
): number | null {
  if (names) {
    const lower = names.map((n) => n.trim().toLowerCase())
    for (const wanted of LABEL_NAMES) {
      const j = lower.findIndex((n, k) => n === wanted && k !== skip)
      if (j >= 0) return j
    }
  }
  const textual: number[] = []
  for (let j = 0; j < cols; j++) {
    if (j !== skip && sample.some((row) => j < row.length && isText(row[j]!))) textual.push(j)
  }
  return textual.length === 1 ? textual[0]! : null
}
