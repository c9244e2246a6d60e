import { describe, expect, it } from 'vitest'
import { seededRandom } from '../../random'
import { TableReadError } from './errors'
import { readFasta } from './fasta'

describe('readFasta, by hand', () => {
  it('joins multi-line sequences, drops whitespace and skips ";" comments', () => {
    const text = ';an old-style comment\r\n>seq1 Homo sapiens\r\nACGT\r\n  acg t\r\n\r\n>seq2\nMKV\n;between\nLL*\n'
    const s = readFasta(text)
    expect(s.ids).toEqual(['seq1', 'seq2'])
    expect(s.sequences).toEqual(['ACGTacgt', 'MKVLL*'])
    expect(s.descriptions).toEqual(['Homo sapiens', ''])
    expect(s.groups).toBeNull()
  })

  it('keeps repeated ids: ids are names, not keys', () => {
    expect(readFasta('>a\nAA\n>a\nCC\n').ids).toEqual(['a', 'a'])
  })

  it('takes a group=… or [group=…] token as the group, "" where a record has none', () => {
    const s = readFasta('>a some text group=virus\nAC\n>b [group=host] more\nGT\n>c plain\nTT\n')
    expect(s.groups).toEqual(['virus', 'host', ''])
    expect(s.descriptions[1]).toBe('[group=host] more')
  })

  it('derives groups from the id prefix or a RegExp when asked, the token still first', () => {
    const text = '>human_1 x\nA\n>human-2\nC\n>mouse|9 group=rodent\nG\n>rat\nT\n'
    expect(readFasta(text, { groupFrom: 'first-word-prefix' }).groups).toEqual(['human', 'human', 'rodent', 'rat'])
    const byRegex = readFasta('>a OS=Homo sapiens\nA\n>b OS=Mus musculus\nC\n>c\nG\n', { groupFrom: /OS=(\w+)/g })
    expect(byRegex.groups).toEqual(['Homo', 'Mus', ''])
    expect(readFasta('>x1\nA\n>y2\nC\n', { groupFrom: /^[a-z]/ }).groups).toEqual(['x', 'y'])
  })

  it('names an id-less header by its position; a space after ">" does not make an empty id', () => {
    const s = readFasta('>\nAC\n> spaced out\nGT\n')
    expect(s.ids).toEqual(['record 1', 'spaced'])
    expect(s.descriptions).toEqual(['', 'out'])
  })
})

describe('readFasta, errors', () => {
  it('refuses empty records, data before the first header, NUL bytes and files without records', () => {
    expect(() => readFasta('>a\nAC\n>b desc\n\n>c\nG\n')).toThrow(/^Record 'b' \(line 3\) has no sequence/)
    expect(() => readFasta('ACGT\n>a\nAC\n')).toThrow(/^Line 1 holds sequence data before the first header/)
    expect(() => readFasta('>a\nAC\n>b\nG\0T\n')).toThrow(/^Line 4 holds a NUL byte/)
    expect(() => readFasta('; only a comment\n')).toThrow(TableReadError)
  })
})

describe('readFasta, properties', () => {
  it('reads back what it is given, however the sequences are wrapped', () => {
    const rnd = seededRandom(11)
    const letters = 'ACGTacgtN-*'
    const records = Array.from({ length: 30 }, (_, i) => ({
      id: `r${i}`,
      seq: Array.from({ length: 1 + Math.floor(rnd() * 200) }, () => letters[Math.floor(rnd() * letters.length)]).join('')
    }))
    for (const width of [1, 7, 60, 1000]) {
      const wrap = (s: string): string => s.match(new RegExp(`.{1,${width}}`, 'g'))!.join('\n')
      const s = readFasta(records.map((r) => `>${r.id}\n${wrap(r.seq)}`).join('\n'))
      expect(s.ids).toEqual(records.map((r) => r.id))
      expect(s.sequences).toEqual(records.map((r) => r.seq))
    }
  })
})
