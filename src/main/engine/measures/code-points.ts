/**
 * Strings are compared by Unicode code point, not by UTF-16 code unit: '猫' and '😀' are one
 * character each, as in Python's str (so the references in __fixtures__ agree). No normalisation
 * is applied: 'é' and 'e' + U+0301 differ; normalise with String.prototype.normalize first if
 * that matters. A lone surrogate counts as one character.
 *
 * Each string measure owns a pair of these buffers and reuses them between calls, so comparing
 * millions of pairs allocates nothing.
 */
export class CodePoints {
  data = new Int32Array(64)
  length = 0

  load(s: string): this {
    if (s.length > this.data.length) this.data = new Int32Array(Math.max(s.length, this.data.length * 2))
    const data = this.data
    let n = 0
    for (let i = 0; i < s.length; i++) {
      let c = s.charCodeAt(i)
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
        const low = s.charCodeAt(i + 1)
        if (low >= 0xdc00 && low <= 0xdfff) {
          c = ((c - 0xd800) << 10) + (low - 0xdc00) + 0x10000
          i++
        }
      }
      data[n++] = c
    }
    this.length = n
    return this
  }
}

/** The code points of a string, as a fresh array. */
export function codePoints(s: string): Int32Array {
  const cp = new CodePoints().load(s)
  return cp.data.slice(0, cp.length)
}
