import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Registry } from './handlers'
import { Library } from './library'
import { createHandlers, RELATIVE_IMPORT_PATH } from './services'

let dir: string
let lib: Library
let registry: Registry

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'likeness-services-'))
  lib = new Library(join(dir, 'library.sqlite'), { workers: 1 })
  registry = new Registry(createHandlers(lib, { transport: 'ws', version: 'test' }), { warn: () => {} })
})
afterAll(async () => {
  await lib.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('import:start', () => {
  // resources/sample exists below the folder the tests run in, so resolving it against that
  // folder would import it: the refusal must come before any path is looked up.
  it.each([['resources/sample'], ['./resources/sample'], ['photos'], ['../photos']])(
    'refuses the relative path %s with what to type instead, and starts nothing',
    async (path) => {
      expect(existsSync('resources/sample')).toBe(true)
      const reply = await registry.invoke('import:start', { paths: [path] })
      expect(reply).toEqual({ ok: false, error: { kind: 'invalid-input', message: RELATIVE_IMPORT_PATH } })
      expect(lib.jobs.list()).toEqual([])
      expect(lib.datasets.list()).toEqual([])
    }
  )

  it('says so in words a user can follow', () => {
    expect(RELATIVE_IMPORT_PATH).toBe(
      "Type the full path of the folder, such as /home/you/photos: a relative path would be read from the server's own folder."
    )
  })

  it('refuses a list with one relative path among full ones, before importing any of them', async () => {
    const reply = await registry.invoke('import:start', { paths: [join(dir, 'a'), 'photos'] })
    expect(!reply.ok && reply.error.message).toBe(RELATIVE_IMPORT_PATH)
    expect(lib.jobs.list()).toEqual([])
  })

  it('passes a full path on to be looked up', async () => {
    const missing = join(dir, 'no-such-folder')
    const reply = await registry.invoke('import:start', { paths: [missing] })
    expect(!reply.ok && reply.error.message).toBe(`Folder or file not found: ${missing}. Check the path and try again.`)
  })
})
