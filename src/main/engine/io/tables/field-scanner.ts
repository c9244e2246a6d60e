import { TableReadError } from './errors'

const QUOTE = 34
const CR = 13
const LF = 10
const SPACE = 32
const PLUS = 43
const MINUS = 45
const DOT = 46
const ZERO = 48
const NINE = 57

// 10^k is an exact double for k ≤ 22, and a mantissa of at most 15 significant digits is an exact
// integer, so mantissa / 10^k is a single correctly rounded division: the very double Number()
// returns for the same text (Clinger's fast path). Anything longer goes through Number().
const POW10 = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`))
const MAX_FAST_DIGITS = 15

export const NUMERIC_SHAPE = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/

/**
 * The number a cell's text spells, or NaN. Stricter than Number(): no hex, no "Infinity", no
 * empty string as 0, and nothing a Float32Array would store as an infinity.
 */
export function strictNumber(text: string): number {
  if (!NUMERIC_SHAPE.test(text)) return NaN
  const v = Number(text)
  return Number.isFinite(Math.fround(v)) ? v : NaN
}

function countLineBreaks(t: string, from: number, to: number): number {
  let n = 0
  for (let p = from; p < to; p++) {
    const c = t.charCodeAt(p)
    if (c === LF || (c === CR && t.charCodeAt(p + 1) !== LF)) n++
  }
  return n
}

/**
 * A single pass over delimited text (RFC 4180): quoted cells may hold delimiters, doubled quotes
 * and line breaks; records end at LF, CRLF or CR. Spaces around an unquoted cell are dropped, so
 * "1, 2" reads as two numbers. Numbers are parsed straight from the character codes, without
 * slicing the cell out, which is what keeps a 784-column file fast.
 */
export class FieldScanner {
  /** True when the last cell read ended its record. */
  endOfRecord = true
  /** The text of the last cell that `nextNumber` could not read, for the error message. */
  lastText = ''

  constructor(
    private readonly text: string,
    private readonly delim: number,
    public pos = 0,
    /** Line of the file (from 1) the scanner is on. */
    public line = 1
  ) {}

  /** Passes blank lines (empty or only spaces); true when a record follows. */
  startRecord(): boolean {
    const t = this.text
    let p = this.pos
    while (p < t.length) {
      let q = p
      while (t.charCodeAt(q) === SPACE) q++
      const c = t.charCodeAt(q)
      if (c === LF) p = q + 1
      else if (c === CR) p = q + (t.charCodeAt(q + 1) === LF ? 2 : 1)
      else if (q >= t.length) p = q
      else break
      if (c === LF || c === CR) this.line++
    }
    this.pos = p
    this.endOfRecord = false
    return p < t.length
  }

  /** The whole record as strings; call after `startRecord`. */
  readRecord(): string[] {
    const cells: string[] = []
    do cells.push(this.nextString())
    while (!this.endOfRecord)
    return cells
  }

  nextString(): string {
    const t = this.text
    let p = this.pos
    while (t.charCodeAt(p) === SPACE) p++
    if (t.charCodeAt(p) === QUOTE) return this.quoted(p)
    const start = p
    while (p < t.length) {
      const c = t.charCodeAt(p)
      if (c === this.delim || c === LF || c === CR) break
      p++
    }
    let end = p
    while (end > start && t.charCodeAt(end - 1) === SPACE) end--
    this.finish(p)
    return t.slice(start, end)
  }

  /** The next cell as a number, or NaN when it is not one (its text is then in `lastText`). */
  nextNumber(): number {
    const t = this.text
    let p = this.pos
    while (t.charCodeAt(p) === SPACE) p++
    let c = t.charCodeAt(p)
    const negative = c === MINUS
    if (negative || c === PLUS) c = t.charCodeAt(++p)
    let mantissa = 0
    let significant = 0
    let digits = 0
    let scale = 0
    while (c >= ZERO && c <= NINE) {
      mantissa = mantissa * 10 + (c - ZERO)
      if (mantissa !== 0) significant++
      digits++
      c = t.charCodeAt(++p)
    }
    if (c === DOT) {
      c = t.charCodeAt(++p)
      while (c >= ZERO && c <= NINE) {
        mantissa = mantissa * 10 + (c - ZERO)
        if (mantissa !== 0) significant++
        digits++
        scale++
        c = t.charCodeAt(++p)
      }
    }
    while (c === SPACE) c = t.charCodeAt(++p)
    const atEnd = p >= t.length || c === this.delim || c === LF || c === CR
    if (atEnd && digits > 0 && significant <= MAX_FAST_DIGITS && scale < POW10.length) {
      this.finish(p)
      const v = scale === 0 ? mantissa : mantissa / (POW10[scale] as number)
      return negative ? -v : v
    }
    // Exponents, long mantissas, quoted numbers and mistakes: the general path from the cell's start.
    const text = this.nextString()
    const v = strictNumber(text)
    if (Number.isNaN(v)) this.lastText = text
    return v
  }

  private quoted(open: number): string {
    const t = this.text
    let out = ''
    let p = open + 1
    for (;;) {
      const q = t.indexOf('"', p)
      if (q < 0) {
        throw new TableReadError(
          `The quote that opens a cell at line ${this.line} is never closed. Close it, or remove it if the cell holds no delimiter, quote or line break.`
        )
      }
      out += t.slice(p, q)
      p = q + 1
      if (t.charCodeAt(p) !== QUOTE) break
      out += '"'
      p++
    }
    this.line += countLineBreaks(t, open, p)
    while (t.charCodeAt(p) === SPACE) p++
    const c = t.charCodeAt(p)
    if (p < t.length && c !== this.delim && c !== LF && c !== CR) {
      throw new TableReadError(
        `Line ${this.line}: text follows the closing quote of the cell "${out.slice(0, 40)}". ` +
          'Quote the whole cell and double every quote inside it ("" stands for ").'
      )
    }
    this.finish(p)
    return out
  }

  /** Steps over the delimiter or line break at `p`. */
  private finish(p: number): void {
    const t = this.text
    const c = t.charCodeAt(p)
    if (c === this.delim) {
      this.pos = p + 1
      this.endOfRecord = false
      return
    }
    if (c === CR) p += t.charCodeAt(p + 1) === LF ? 2 : 1
    else if (c === LF) p++
    if (c === CR || c === LF) this.line++
    this.pos = p
    this.endOfRecord = true
  }
}
