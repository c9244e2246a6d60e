import { describe, expect, it } from 'vitest'
import { readSequenceLines } from './sequence-lines'

describe('readSequenceLines', () => {
  it('reads one sequence per non-empty line, ids by line number, case kept', () => {
    const s = readSequenceLines('\uFEFFkitten\r\n\r\nSitting\n  mitten  \n')
    expect(s.sequences).toEqual(['kitten', 'Sitting', 'mitten'])
    expect(s.ids).toEqual(['line 1', 'line 3', 'line 4'])
    expect(s.groups).toBeNull()
    expect(s.descriptions).toEqual(['', '', ''])
  })

  it('reads id<TAB>sequence and id<TAB>sequence<TAB>group', () => {
    expect(readSequenceLines('a\tACGT\nb\tAC GT\n')).toMatchObject({ ids: ['a', 'b'], sequences: ['ACGT', 'AC GT'], groups: null })
    const s = readSequenceLines('a\tACGT\tvirus\nb\tTT\t\nc\tGG\thost\n')
    expect(s.groups).toEqual(['virus', '', 'host'])
  })

  it('skips a header line naming the fields', () => {
    const s = readSequenceLines('id\tsequence\tgroup\nx\tAA\tg\n')
    expect(s).toMatchObject({ ids: ['x'], sequences: ['AA'], groups: ['g'] })
  })

  it('splits on commas when told', () => {
    expect(readSequenceLines('a,ACGT,g1\nb,TT,g2\n', { delimiter: ',' }).groups).toEqual(['g1', 'g2'])
    // With the default tab, commas are part of the sequence.
    expect(readSequenceLines('a,ACGT\n').sequences).toEqual(['a,ACGT'])
  })

  it('refuses mixed layouts, too many fields, missing sequences, NUL bytes and empty files', () => {
    expect(() => readSequenceLines('ACGT\nb\tTT\n')).toThrow(/^Line 2 has 2 tab-separated fields but line 1 has 1/)
    expect(() => readSequenceLines('a\tAC\tg\nb\tTT\n')).toThrow(/^Line 2 has 2 tab-separated fields but line 1 has 3/)
    expect(() => readSequenceLines('a\tb\tc\td\n')).toThrow(/^Line 1 has 4 tab-separated fields/)
    expect(() => readSequenceLines('a\tAC\nb\t\n')).toThrow(/^Line 2 has an id but no sequence/)
    expect(() => readSequenceLines('AC\n\nG\0\n')).toThrow(/^Line 3 holds a NUL byte/)
    expect(() => readSequenceLines('\n \n')).toThrow(/holds no sequences/)
  })
})
