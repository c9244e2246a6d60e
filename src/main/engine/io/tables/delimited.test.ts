import { describe, expect, it } from 'vitest'
import { seededRandom } from '../../random'
import { readDelimited } from './delimited'
import { TableReadError } from './errors'

const f32 = (xs: number[]): Float32Array => Float32Array.from(xs)

describe('readDelimited, by hand', () => {
  it('reads a header, the vectors and a label column found by its name', () => {
    const t = readDelimited('x1,x2,Class\n1,2.5,cat\n-3,+4e-1,dog\n')
    expect(t.hadHeader).toBe(true)
    expect(t.columns).toEqual(['x1', 'x2'])
    expect([t.rows, t.cols]).toEqual([2, 2])
    expect(t.data).toEqual(f32([1, 2.5, -3, 0.4]))
    expect(t.labels).toEqual(['cat', 'dog'])
    expect(t.labelColumn).toBe('Class')
    expect(t.ids).toEqual(['row 1', 'row 2'])
  })

  it('reads a bare numeric table: no header, no labels, columns x1…xd', () => {
    const t = readDelimited('1,2,3\n4,5,6')
    expect(t.hadHeader).toBe(false)
    expect(t.labels).toBeNull()
    expect(t.labelColumn).toBeNull()
    expect(t.columns).toEqual(['x1', 'x2', 'x3'])
    expect(t.data).toEqual(f32([1, 2, 3, 4, 5, 6]))
    expect(t.ids).toEqual(['row 1', 'row 2'])
  })

  it('takes the only text column as the labels, wherever it is', () => {
    const t = readDelimited('setosa,5.1,3.5\nversicolor,7,3.2\n')
    expect(t.hadHeader).toBe(false)
    expect(t.labels).toEqual(['setosa', 'versicolor'])
    expect(t.labelColumn).toBe('column 1')
    expect(t.data).toEqual(f32([5.1, 3.5, 7, 3.2]))
  })

  it('follows RFC 4180 quoting: delimiters, doubled quotes and line breaks inside quotes, CRLF, a BOM', () => {
    const text = '\uFEFFa,b,name\r\n1,"2",plain\r\n3,4,"with, comma"\r\n5,6,"say ""hi"""\r\n7,8,"two\r\nlines"\r\n'
    const t = readDelimited(text, { labelColumn: 'name' })
    expect(t.columns).toEqual(['a', 'b'])
    expect(t.labels).toEqual(['plain', 'with, comma', 'say "hi"', 'two\r\nlines'])
    expect(t.data).toEqual(f32([1, 2, 3, 4, 5, 6, 7, 8]))
  })

  it('skips blank lines anywhere, and counts them in the line numbers it reports', () => {
    const t = readDelimited('a,b\n\n1,2\n   \n3,4\n\n\n')
    expect(t.rows).toBe(2)
    expect(t.data).toEqual(f32([1, 2, 3, 4]))
    expect(() => readDelimited('a,b\n\n1,2\n\n3,\n')).toThrow(/empty cell at line 5, column 'b'/)
  })

  it('keeps "#" lines as data: they are not comments', () => {
    expect(() => readDelimited('1,2\n# note,3\n', { labelColumn: null })).toThrow(/line 2, column 1 holds '# note'/)
    expect(readDelimited('# a,b\n1,2\n').columns).toEqual(['# a', 'b'])
  })

  it('reads the usual spellings of numbers, with spaces around them', () => {
    const cells = ['0', '-0.25', '+7', '.5', '3.', '1e3', '-2.5E-2', ' 12 ', '"1.5"', '0.1234567890123456789', '123456789012345678']
    const t = readDelimited(cells.join(','), { header: false })
    expect(Array.from(t.data)).toEqual([0, -0.25, 7, 0.5, 3, 1000, -0.025, 12, 1.5, 0.12345678901234568, 123456789012345680].map(Math.fround))
  })

  it('sniffs tab and semicolon delimiters, and takes one when told', () => {
    expect(readDelimited('a\tb\n1\t2\n').data).toEqual(f32([1, 2]))
    expect(readDelimited('a;b\n1.5;2\n').data).toEqual(f32([1.5, 2]))
    expect(readDelimited('1;2\n', { delimiter: ';', header: false }).cols).toBe(2)
  })

  it('applies the header rule, and obeys a forced choice', () => {
    // Labels are text in every row, so a first row of numbers plus a label is data.
    expect(readDelimited('1,2,cat\n3,4,dog\n').hadHeader).toBe(false)
    // pandas' index header is empty: the other names still make it a header.
    const pandas = readDelimited(',x,y\n0,1,2\n1,3,4\n', { labelColumn: null, idColumn: 0 })
    expect(pandas.hadHeader).toBe(true)
    expect(pandas.ids).toEqual(['0', '1'])
    expect(pandas.columns).toEqual(['x', 'y'])
    expect(readDelimited('1,2\n3,4\n', { header: true }).columns).toEqual(['1', '2'])
    expect(() => readDelimited('a,b\n1,2\n', { header: false })).toThrow(/line 1, column 1 holds 'a'/)
  })

  it('picks label and id columns by index or name, names case-insensitively', () => {
    const text = 'ID,f1,f2,Kind\nimg1,1,2,0\nimg2,3,4,1\n'
    const t = readDelimited(text, { idColumn: 'id', labelColumn: 3 })
    expect(t.ids).toEqual(['img1', 'img2'])
    expect(t.labels).toEqual(['0', '1'])
    expect(t.labelColumn).toBe('Kind')
    expect(t.columns).toEqual(['f1', 'f2'])
    expect(t.data).toEqual(f32([1, 2, 3, 4]))
    // Numeric labels are kept as text; with no label column they are part of the vector.
    expect(readDelimited('f1,label\n1,7\n', {}).labels).toEqual(['7'])
    expect(readDelimited('f1,label\n1,7\n', { labelColumn: null }).cols).toBe(2)
  })
})

describe('readDelimited, errors that say what to do', () => {
  const message = (text: string, opts = {}): string => {
    try {
      readDelimited(text, opts)
    } catch (e) {
      expect(e).toBeInstanceOf(TableReadError)
      expect((e as Error).name).toBe('invalid-input')
      return (e as Error).message
    }
    throw new Error('expected an error')
  }

  it('names the line and the column of an empty or missing cell', () => {
    const rows = Array.from({ length: 10 }, (_, i) => `${i},${i},${i}`)
    rows.push('1,2,')
    expect(message(`x1,x2,x3\n${rows.join('\n')}\n`)).toMatch(/^Fill or remove the empty cell at line 12, column 'x3'/)
    expect(message('a,b\n1,NaN\n')).toMatch(/line 2, column 'b' holds 'NaN', a missing value/)
    expect(message('1,2\n3,NA\n')).toMatch(/line 2, column 2 holds 'NA', a missing value/)
    expect(message('1,inf\n', { header: false })).toMatch(/not a finite number/)
    expect(message('1,1e39\n', { header: false })).toMatch(/too large for 32-bit floats/)
    expect(message('1;2,5\n', { header: false })).toMatch(/decimal comma.*\(2\.5\)/)
  })

  it('names a text cell outside the label column and suggests the options', () => {
    const m = message('f,species,site\n1,setosa,north\n2,virginica,south\n')
    expect(m).toMatch(/line 2, column 'species' holds 'setosa', which is not a number/)
    expect(m).toMatch(/--label-column species/)
    expect(message('1,a,b\n', { header: false })).toMatch(/--label-column 1 \(counting columns from 0\)/)
  })

  it('names ragged lines with both counts', () => {
    expect(message('a,b,c\n1,2,3\n4,5\n')).toMatch(/^Line 3 has 2 cells but the header has 3/)
    expect(message('1,2\n3,4,5,6\n')).toMatch(/^Line 2 has 4 cells but the first line has 2/)
  })

  it('counts the lines inside a quoted cell', () => {
    expect(message('a,b,name\n1,2,"x\ny"\n3,,z\n')).toMatch(/empty cell at line 4, column 'b'/)
  })

  it('refuses broken quoting, missing columns and empty files', () => {
    expect(message('a,b\n1,"2\n')).toMatch(/quote that opens a cell at line 2 is never closed/)
    expect(message('a,b\n1,"2"x\n')).toMatch(/text follows the closing quote/)
    expect(message('a,b\n1,2\n', { labelColumn: 'kind' })).toMatch(/No column is named 'kind'.*'a', 'b'/)
    expect(message('1,2\n', { labelColumn: 'kind', header: false })).toMatch(/no header row/)
    expect(message('1,2\n', { labelColumn: 5 })).toMatch(/no column 5/)
    expect(message('a,b\n1,2\n', { labelColumn: 0, idColumn: 'a' })).toMatch(/both the label and the id/)
    expect(message('label\ncat\n')).toMatch(/No column is left for the vectors/)
    expect(message('\n\n')).toMatch(/empty/)
    expect(message('a,b\n')).toMatch(/no data rows/)
  })
})

describe('readDelimited, properties', () => {
  it('round-trips a seeded float32 matrix written with toPrecision(9)', () => {
    const rnd = seededRandom(42)
    const rows = 200
    const cols = 17
    const m = Float32Array.from({ length: rows * cols }, () => (rnd() - 0.5) * 10 ** Math.floor(rnd() * 12 - 6))
    const lines = Array.from({ length: rows }, (_, i) => Array.from(m.subarray(i * cols, (i + 1) * cols), (x) => x.toPrecision(9)).join(','))
    const t = readDelimited(lines.join('\r\n'))
    expect([t.rows, t.cols]).toEqual([rows, cols])
    expect(t.data).toEqual(m)
  })

  it('parses every short decimal exactly as Number() does', () => {
    const rnd = seededRandom(7)
    const cells = Array.from({ length: 3000 }, () => {
      const int = String(Math.floor(rnd() * 10 ** Math.floor(rnd() * 9)))
      const frac = String(Math.floor(rnd() * 10 ** 9)).padStart(9, '0').slice(0, Math.floor(rnd() * 10))
      return `${rnd() < 0.5 ? '-' : ''}${int}${frac ? `.${frac}` : ''}`
    })
    const t = readDelimited(cells.join('\n'), { header: false })
    expect(Array.from(t.data)).toEqual(cells.map((c) => Math.fround(Number(c))))
  })

  it('grows past its first guess of the row count', () => {
    // Long first lines make the sample predict few rows; thousands of short ones follow.
    const long = Array.from({ length: 60 }, (_, i) => `${i}.000000000001,1.000000000001`)
    const short = Array.from({ length: 5000 }, (_, i) => `${i},2`)
    const t = readDelimited([...long, ...short].join('\n'))
    expect(t.rows).toBe(5060)
    expect(t.data.length).toBe(10120)
    expect(t.data[2 * 5059]).toBe(4999)
    expect(t.ids.at(-1)).toBe('row 5060')
  })
})
