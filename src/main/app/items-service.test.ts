import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import type { ItemCell, ItemDetail } from '../../shared/contract'
import { noiseImage, writeBytes } from '../test-support/fixtures'
import { Registry } from './handlers'
import { createImportJob } from './import-service'
import { itemIdFromText, previewFileForRequest } from './items-service'
import { Library } from './library'
import { createHandlers, launchImport } from './services'

let dir: string
let root: string
let lib: Library
let registry: Registry
let byName: Map<string, ItemCell>
let catBytes: number

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'likeness-items-'))
  root = join(dir, 'photos')
  const cat = await noiseImage(40, 30, 7).png().toBuffer()
  catBytes = cat.length
  writeBytes(join(root, 'cats', 'cat.png'), cat)
  writeBytes(join(root, 'top.jpg'), await noiseImage(24, 16, 8).jpeg().withMetadata({ orientation: 6 }).toBuffer())
  writeBytes(join(root, 'cats', 'broken.png'), 'not an image at all')
  lib = new Library(join(dir, 'library.sqlite'), { workers: 1, importFeatures: false })
  registry = new Registry(createHandlers(lib, { transport: 'ws', version: 'test' }), { warn: () => {} })
  const job = await launchImport(lib, createImportJob(lib, root, false))
  expect(job.state).toBe('done')
  byName = new Map(lib.items.list(job.datasetId!).items.map((i) => [i.name, i]))
})
afterAll(async () => {
  await lib.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('items:get', () => {
  it('tells where an image lies, its group, bytes, size, format and status', async () => {
    const id = byName.get('cat.png')!.id
    const reply = await registry.invoke('items:get', { id })
    expect(reply.ok).toBe(true)
    expect(reply.ok && reply.value).toMatchObject({
      id,
      relPath: 'cats/cat.png',
      absPath: join(root, 'cats', 'cat.png'),
      group: 'cats',
      size: catBytes,
      width: 40,
      height: 30,
      format: 'png',
      status: 'ok',
      reason: null
    })
  })

  it('gives the size as shown, turned by the EXIF orientation, and the top folder as the empty group', async () => {
    const reply = await registry.invoke('items:get', { id: byName.get('top.jpg')!.id })
    expect(reply.ok && reply.value).toMatchObject({ relPath: 'top.jpg', group: '', width: 16, height: 24, format: 'jpeg' })
  })

  it('gives an unreadable file with its reason', async () => {
    const reply = await registry.invoke('items:get', { id: byName.get('broken.png')!.id })
    expect(reply.ok && reply.value).toMatchObject({ status: 'error', width: null, height: null, absPath: join(root, 'cats', 'broken.png') })
    expect(reply.ok && (reply.value as ItemDetail).reason).toMatch(/^Not an image/)
  })

  it('answers an unknown id with not-found', async () => {
    expect(await registry.invoke('items:get', { id: 987654 })).toEqual({
      ok: false,
      error: { kind: 'not-found', message: 'There is no item 987654; it may have been removed with its dataset.' }
    })
  })

  it.each([
    ['a negative id', { id: -1 }],
    ['a fraction', { id: 1.5 }],
    ['an id as text', { id: '1' }],
    ['an extra key', { id: 1, path: '/etc/passwd' }],
    ['no id', {}]
  ])('refuses %s before looking anything up', async (_, arg) => {
    const reply = await registry.invoke('items:get', arg)
    expect(reply.ok).toBe(false)
    expect(!reply.ok && reply.error.kind).toBe('invalid-argument')
  })
})

describe('previewFileForRequest', () => {
  it('makes the large image of a readable item', async () => {
    const file = await previewFileForRequest(lib, String(byName.get('cat.png')!.id))
    expect(file).not.toBeNull()
    const meta = await sharp(file!).metadata()
    expect([meta.format, meta.width, meta.height]).toEqual(['webp', 40, 30])
  })

  it('gives null for an unreadable item, an unknown id and a malformed one', async () => {
    expect(await previewFileForRequest(lib, String(byName.get('broken.png')!.id))).toBeNull()
    expect(await previewFileForRequest(lib, '987654')).toBeNull()
    for (const text of ['0', '-1', '07', '1.0', '../1', '9007199254740993']) expect(await previewFileForRequest(lib, text)).toBeNull()
  })

  it('reports a file damaged since its import instead of showing something else', async () => {
    const id = byName.get('cat.png')!.id
    rmSync(join(lib.thumbnailDir), { recursive: true, force: true })
    writeFileSync(join(root, 'cats', 'cat.png'), 'overwritten')
    await expect(previewFileForRequest(lib, String(id))).rejects.toThrow('The file has changed since it was imported')
  })
})

describe('itemIdFromText', () => {
  it('reads plain decimal ids that a double holds exactly', () => {
    expect(itemIdFromText('12')).toBe(12)
    expect(itemIdFromText('9007199254740991')).toBe(Number.MAX_SAFE_INTEGER)
    expect(itemIdFromText('9007199254740993')).toBeNull()
    expect(itemIdFromText('1e3')).toBeNull()
  })
})
