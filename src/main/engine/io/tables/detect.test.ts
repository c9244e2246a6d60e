import { gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { detectTableFormat } from './detect'

const text = (s: string): Buffer => Buffer.from(s, 'utf8')

describe('detectTableFormat, by content', () => {
  it('knows IDX by its magic, whatever the name', () => {
    expect(detectTableFormat('t10k-images-idx3-ubyte', Buffer.from([0, 0, 8, 3, 0, 0, 0x27, 0x10]))).toBe('idx')
    expect(detectTableFormat('labels.bin', Buffer.from([0, 0, 8, 1, 0, 0, 0x27, 0x10]))).toBe('idx')
    expect(detectTableFormat('x.idx', Buffer.from([0, 0, 0x0d, 2, 0, 0, 0, 1]))).toBe('idx')
  })

  it('knows JSON and FASTA by their first character, after a BOM or whitespace', () => {
    expect(detectTableFormat('v.txt', text('\uFEFF\n  [[1,2]]'))).toBe('json')
    expect(detectTableFormat('v', text('{"vectors": []}'))).toBe('json')
    expect(detectTableFormat('s.txt', text('>seq1\nACGT\n'))).toBe('fasta')
    expect(detectTableFormat('s', text(';comment\n>seq1\nACGT\n'))).toBe('fasta')
  })

  it('tells csv from tsv by the delimiter on the first lines, not the extension', () => {
    expect(detectTableFormat('a.csv', text('x,y,label\n1,2,a\n3,4,b\n'))).toBe('csv')
    expect(detectTableFormat('a.csv', text('x\ty\tlabel\n1\t2\ta\n3\t4\tb\n'))).toBe('tsv')
    expect(detectTableFormat('a.txt', text('1;2;3\n4;5;6\n'))).toBe('csv')
    expect(detectTableFormat('a.dat', text('1 ,2,3,4\n5,6,7,8\n9,10,'))).toBe('csv')
    // A head that stops inside a two-byte character is still text.
    const cut = text('x,y,label\n1,2,café\n3,4,thé')
    expect(detectTableFormat('a.csv', cut.subarray(0, cut.length - 1))).toBe('csv')
  })

  it('tells sequence lines from tables by their cells, the extension settling the narrow cases', () => {
    expect(detectTableFormat('words.txt', text('kitten\nsitting\n'))).toBe('lines')
    expect(detectTableFormat('seqs.txt', text('a\tACGT\tvirus\nb\tTTGA\thost\n'))).toBe('lines')
    expect(detectTableFormat('seqs.tsv', text('a\tACGT\tvirus\nb\tTTGA\thost\n'))).toBe('tsv')
    expect(detectTableFormat('one.txt', text('1.5\n2.5\n'))).toBe('csv')
    expect(detectTableFormat('one.tsv', text('1.5\n2.5\n'))).toBe('tsv')
    expect(detectTableFormat('two.txt', text('0.5\t1.5\tcat\n2\t3\tdog\n'))).toBe('tsv')
  })

  it('looks through gzip', () => {
    const csv = Array.from({ length: 200 }, (_, i) => `${i},${i * 2},${i * 3}`).join('\n')
    expect(detectTableFormat('data.csv.gz', gzipSync(csv).subarray(0, 60))).toBe('csv')
    expect(detectTableFormat('mnist.gz', gzipSync(Buffer.from([0, 0, 8, 3, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 9])))).toBe('idx')
  })

  it('returns null for what is none of these', () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52])
    expect(detectTableFormat('data.csv', png)).toBeNull()
    expect(detectTableFormat('a.csv', Buffer.alloc(0))).toBeNull()
    expect(detectTableFormat('a.csv', text(' \n\n'))).toBeNull()
    expect(detectTableFormat('a.csv', Buffer.from([0xff, 0xfe, 0x31, 0x00]))).toBeNull() // UTF-16
    expect(detectTableFormat('a.csv', Buffer.from([0x31, 0x2c, 0xc3, 0x28]))).toBeNull() // bad UTF-8
    expect(detectTableFormat('a.gz', Buffer.from([0x1f, 0x8b, 0, 0, 0]))).toBeNull()
  })
})
