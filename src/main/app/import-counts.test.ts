import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Library } from './library'
import { createImportJob } from './import-service'
import { launchImport } from './services'
import { noiseImage, writeBytes } from '../test-support/fixtures'
import { importLine } from '../../renderer/src/lib/import-counts'
import { summaryLine } from '../../renderer/src/lib/format'

let dir: string
let lib: Library

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'likeness-counts-'))
  lib = new Library(join(dir, 'library.sqlite'), { workers: 1 })
  for (let i = 0; i < 39; i++) writeBytes(join(dir, 'folder', `img-${i}.png`), await noiseImage(24, 24, i).png().toBuffer())
  const jpeg = await noiseImage(64, 64, 7).jpeg().toBuffer()
  writeBytes(join(dir, 'folder', 'corrupt.jpg'), Buffer.concat([jpeg.subarray(0, 2), Buffer.alloc(200, 0x5a)]))
})
afterAll(async () => {
  await lib.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('the import card and the dataset header', () => {
  it('count the same files on a folder with one corrupt image', async () => {
    const job = await launchImport(lib, createImportJob(lib, join(dir, 'folder'), false))
    const header = lib.datasets.get(job.datasetId!)!
    expect(header).toMatchObject({ itemCount: 40, okCount: 39, errorCount: 1 })
    // The old line said every file was read, one of them being unreadable in the header.
    expect(summaryLine(job.result!)).toMatch(/^40 images read · 1 error/)
    const line = importLine(job.result!)
    expect(line).toMatch(/^40 files · 39 decoded · 1 unreadable in /)
    const [files, decoded, unreadable] = line.match(/\d+/g)!.map(Number)
    expect(files).toBe(header.itemCount)
    expect(decoded).toBe(header.okCount + header.partialCount)
    expect(unreadable).toBe(header.errorCount)
  })
})
