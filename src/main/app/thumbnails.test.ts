import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, relative, sep } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { thumbnailPath } from '../engine/io/decode'
import { readThumbnail, thumbnailFileForRequest } from './thumbnails'

const HASH = '0123456789abcdef'.repeat(4)
const OTHER = 'f'.repeat(64)

let dir: string
let asked: number[]

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'likeness-thumbs-'))
  const file = thumbnailPath(dir, HASH)
  mkdirSync(dirname(file), { recursive: true })
  writeFileSync(file, 'RIFF....WEBP')
  asked = []
})

afterEach(() => {
  rmSync(dir, { recursive: true, force: true })
})

const lookupOf =
  (hashes: Record<number, string | undefined>) =>
  (id: number): string | undefined => {
    asked.push(id)
    return hashes[id]
  }

describe('thumbnailFileForRequest', () => {
  it('gives the thumbnail file of an item whose hash has one, inside the folder', () => {
    const file = thumbnailFileForRequest('7', lookupOf({ 7: HASH }), dir)
    expect(file).toBe(thumbnailPath(dir, HASH))
    // Inside the folder, in the sub-folder named by the hash's first two digits.
    const parts = relative(dir, file!).split(sep)
    expect(parts).toHaveLength(2)
    expect(parts[0]).toBe('01')
    expect(parts[1]!.startsWith(HASH)).toBe(true)
    expect(asked).toEqual([7])
  })

  it('reads the largest id it accepts exactly', () => {
    expect(thumbnailFileForRequest('9007199254740991', lookupOf({ 9007199254740991: HASH }), dir)).not.toBeNull()
    expect(asked).toEqual([Number.MAX_SAFE_INTEGER])
  })

  it('refuses a 16-digit id too large to be read exactly, instead of looking up a neighbour', () => {
    // 9007199254740993 reads as 9007199254740992 in a double: another item's thumbnail.
    expect(thumbnailFileForRequest('9007199254740993', lookupOf({ 9007199254740992: HASH }), dir)).toBeNull()
    expect(asked).toEqual([])
  })

  it.each([
    ['zero', '0'],
    ['a negative id', '-1'],
    ['a fraction', '1.5'],
    ['a leading zero', '07'],
    ['an exponent', '1e3'],
    ['hex', '0x10'],
    ['spaces', ' 1'],
    ['a trailing newline', '1\n'],
    ['a climbing path', '../1'],
    ['a path', '1/../../etc/passwd'],
    ['encoded dots', '%2e%2e'],
    ['an encoded digit', '%31'],
    ['a 17-digit number', '12345678901234567'],
    ['non-ASCII digits', '١٢'],
    ['an empty string', '']
  ])('refuses %s without looking anything up', (_, idText) => {
    expect(thumbnailFileForRequest(idText, lookupOf({ 1: HASH, 7: HASH }), dir)).toBeNull()
    expect(asked).toEqual([])
  })

  it.each([
    ['no hash', undefined],
    ['an empty hash', ''],
    ['a hash with a path in it', `../../${HASH.slice(6)}`],
    ['an uppercase hash', HASH.toUpperCase()],
    ['a non-hex hash', 'g'.repeat(64)],
    ['a short hash', HASH.slice(1)],
    ['a long hash', `${HASH}0`]
  ])('gives null when the library has %s', (_, hash) => {
    expect(thumbnailFileForRequest('3', lookupOf({ 3: hash }), dir)).toBeNull()
    expect(asked).toEqual([3])
  })

  it('gives null when a valid hash has no file in the folder', () => {
    expect(thumbnailFileForRequest('4', lookupOf({ 4: OTHER }), dir)).toBeNull()
  })
})

describe('readThumbnail', () => {
  const cases: [string, number[], string][] = [
    ['a WebP', [...Buffer.from('RIFF'), 1, 2, 3, 4, ...Buffer.from('WEBPVP8 ')], 'image/webp'],
    ['a PNG', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13], 'image/png'],
    ['a JPEG', [0xff, 0xd8, 0xff, 0xe0, 0, 16], 'image/jpeg'],
    ['a GIF', [...Buffer.from('GIF89a'), 1, 0, 1, 0], 'image/gif'],
    ['something else', [...Buffer.from('<svg xmlns="http://www.w3.org/2000/svg">')], 'application/octet-stream'],
    ['an empty file', [], 'application/octet-stream']
  ]

  it.each(cases)('tells the type of %s by its content and gives its bytes', (_, bytes, type) => {
    const file = join(dir, 'thumb.bin')
    writeFileSync(file, Buffer.from(bytes))
    const thumb = readThumbnail(file)
    expect(thumb.type).toBe(type)
    expect(thumb.body.equals(Buffer.from(bytes))).toBe(true)
  })
})
