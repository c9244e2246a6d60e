import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { scanFolder } from './scan'
import { writeBytes } from '../../test-support/fixtures'

const PNG_HEAD = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13])
let root: string

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'likeness-scan-'))
  writeBytes(join(root, 'top.png'), PNG_HEAD)
  writeBytes(join(root, 'cats', 'a.jpg'), 'x')
  writeBytes(join(root, 'cats', 'siamese', 'b.PNG'), 'x')
  writeBytes(join(root, 'cats', 'readme.txt'), 'not an image')
  writeBytes(join(root, 'dogs', 'no-extension'), PNG_HEAD) // an image by content
  writeBytes(join(root, 'dogs', 'data.csv'), '1,2,3')
  mkdirSync(join(root, 'empty'))
  // A loop back to the root, and a link to a file.
  symlinkSync(root, join(root, 'dogs', 'loop'))
  symlinkSync(join(root, 'top.png'), join(root, 'cats', 'link.png'))
  symlinkSync(join(root, 'nowhere'), join(root, 'cats', 'broken-link.png'))
})
afterAll(() => {
  chmodSync(root, 0o755)
  rmSync(root, { recursive: true, force: true })
})

describe('scanFolder', () => {
  it('finds images by extension or content, keeps sub-folders as groups, skips links by default', async () => {
    const { files, problems } = await scanFolder(root)
    expect(files.map((f) => [f.relPath, f.group])).toEqual([
      ['cats/a.jpg', 'cats'],
      ['cats/siamese/b.PNG', 'cats/siamese'],
      ['dogs/no-extension', 'dogs'],
      ['top.png', '']
    ])
    expect(files.find((f) => f.relPath === 'top.png')?.size).toBe(PNG_HEAD.length)
    expect(problems.map((p) => [p.relPath, p.severity])).toEqual(
      expect.arrayContaining([['dogs/loop', 'skipped'], ['cats/link.png', 'skipped'], ['cats/broken-link.png', 'skipped']])
    )
    expect(problems.find((p) => p.relPath === 'dogs/loop')?.reason).toMatch(/not followed/)
  })

  it('follows links when asked, and ends a link loop instead of walking it forever', async () => {
    const { files, problems } = await scanFolder(root, { followSymlinks: true })
    expect(files.map((f) => f.relPath)).toEqual(['cats/a.jpg', 'cats/link.png', 'cats/siamese/b.PNG', 'dogs/no-extension', 'top.png'])
    expect(problems.find((p) => p.relPath === 'dogs/loop')?.reason).toMatch(/^Link loop: .* is already part of this import\.$/)
    expect(problems.find((p) => p.relPath === 'cats/broken-link.png')?.reason).toMatch(/Broken symbolic link/)
  })

  // Linux file names are bytes; other systems' file systems refuse a name that is not UTF-8.
  it.runIf(process.platform === 'linux')('reports a file whose name is not valid UTF-8 as such, not as vanished', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'likeness-scan-names-'))
    try {
      writeBytes(join(folder, 'good.png'), PNG_HEAD)
      // "caf\xe9.png": Latin-1 bytes, not UTF-8.
      writeFileSync(Buffer.concat([Buffer.from(`${folder}/caf`), Buffer.from([0xe9]), Buffer.from('.png')]), PNG_HEAD)
      const { files, problems } = await scanFolder(folder)
      expect(files.map((f) => f.relPath)).toEqual(['good.png'])
      expect(problems).toEqual([
        { relPath: 'caf\uFFFD.png', reason: 'The file name is not valid UTF-8; rename the file to import it.', severity: 'error' }
      ])
    } finally {
      rmSync(folder, { recursive: true, force: true })
    }
  })

  it('stops when its signal is aborted', async () => {
    const controller = new AbortController()
    controller.abort(new Error('stop'))
    await expect(scanFolder(root, { signal: controller.signal })).rejects.toThrow('stop')
  })
})
