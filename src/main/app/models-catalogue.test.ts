import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Registry } from './handlers'
import { Library } from './library'
import { createHandlers } from './services'
import { CATALOGUE } from '../engine/nn/onnx-catalogue'

let dir: string
let lib: Library
let registry: Registry
const warnings: string[] = []

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'likeness-catalogue-'))
  lib = new Library(join(dir, 'library.sqlite'), { workers: 1 })
  registry = new Registry(createHandlers(lib, { transport: 'ws', version: 'test' }), { warn: (m) => warnings.push(m) })
})
afterAll(async () => {
  await lib.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('models:catalogue', () => {
  it('answers the engine catalogue of ONNX encoders, entry for entry, as copies', async () => {
    const reply = await registry.invoke('models:catalogue', {})
    expect(reply.ok).toBe(true)
    const entries = (reply as { ok: true; value: typeof CATALOGUE }).value
    expect(entries).toEqual(CATALOGUE)
    expect(entries.map((e) => e.id)).toEqual(['clip-vit-b-32', 'dinov2-vit-s-14', 'resnet-50'])
    entries[0]!.mean[0] = 99
    expect(CATALOGUE[0]!.mean[0]).not.toBe(99)
  })

  it('refuses an argument it does not take', async () => {
    const reply = await registry.invoke('models:catalogue', { all: true })
    expect(reply.ok).toBe(false)
    expect(warnings.some((w) => w.includes('models:catalogue'))).toBe(true)
  })
})
