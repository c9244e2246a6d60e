import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Library } from './library'
import { createImportJob } from './import-service'
import { createHandlers, launchImport } from './services'
import { Registry } from './handlers'
import { writePlantedFolder, type PlantedFolder } from './duplicates-test-support'
import type { DuplicatesResult, JobInfo } from '../../shared/contract'
import { DEFAULT_DUPLICATE_THRESHOLD } from '../../shared/types/duplicates'

let dir: string
let planted: PlantedFolder
let lib: Library
let registry: Registry
let datasetId: number

async function finished(id: number): Promise<JobInfo> {
  for (;;) {
    const job = lib.jobs.get(id)!
    if (job.state !== 'queued' && job.state !== 'running') return job
    await new Promise((r) => setTimeout(r, 50))
  }
}

async function call<T>(channel: string, arg: unknown): Promise<T> {
  const reply = await registry.invoke(channel as never, arg as never)
  if (!reply.ok) throw new Error(reply.error.message)
  return reply.value as T
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'likeness-duplicates-'))
  planted = await writePlantedFolder(join(dir, 'pictures'))
  lib = new Library(join(dir, 'library.sqlite'), { workers: 2 })
  registry = new Registry(createHandlers(lib, { transport: 'ws', version: 'test' }))
  const job = await launchImport(lib, createImportJob(lib, join(dir, 'pictures'), false))
  expect(job.state).toBe('done')
  datasetId = job.datasetId!
}, 60_000)

afterAll(async () => {
  await lib.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('the duplicates job', () => {
  it('answers null before the first search', async () => {
    expect(await call('duplicates:get', { datasetId })).toBeNull()
  })

  it('recovers every planted group, groups no distinct images, and lists exact copies apart', async () => {
    const job = await call<JobInfo>('duplicates:start', { datasetId })
    expect(job.kind).toBe('duplicates')
    const done = await finished(job.id)
    expect(done.state).toBe('done')
    const result = await call<DuplicatesResult>('duplicates:get', { datasetId })
    expect(result.threshold).toBe(DEFAULT_DUPLICATE_THRESHOLD)
    expect(result.thresholdReason).toMatch(/default/i)
    const found = result.groups.map((g) => g.members.map((m) => m.relPath).sort())
    expect(found.sort()).toEqual(planted.groups.map((g) => [...g].sort()).sort())
    // The representative is the largest file: the PNG original, not its smaller JPEG copies.
    for (const g of result.groups) expect(g.members[0]!.relPath.startsWith('originals/')).toBe(true)
    expect(result.exactCopies.map((g) => g.members.map((m) => m.relPath).sort())).toEqual([[...planted.exact].sort()])
    // The exact copy is not also reported as a near copy.
    expect(found.flat()).not.toContain(planted.exact[1])
    expect(result.images).toBe(planted.groups.flat().length + planted.singles.length + 1)
  }, 60_000)

  it('reuses the hashes as feature sets, and a threshold of 0 keeps only copies whose hashes agree exactly', async () => {
    const before = lib.featureSets.list(datasetId).length
    const job = await call<JobInfo>('duplicates:start', { datasetId, threshold: 0 })
    expect((await finished(job.id)).state).toBe('done')
    expect(lib.featureSets.list(datasetId).length).toBe(before)
    const result = await call<DuplicatesResult>('duplicates:get', { datasetId })
    expect(result.threshold).toBe(0)
    expect(result.thresholdReason).toMatch(/chosen by you/i)
    for (const g of result.groups) expect(g.maxDistance).toBe(0)
  }, 60_000)

  it('refuses a threshold outside 0..32 before starting anything', async () => {
    await expect(call('duplicates:start', { datasetId, threshold: 40 })).rejects.toThrow(/32/)
    await expect(call('duplicates:start', { datasetId, threshold: 2.5 })).rejects.toThrow()
    await expect(call('duplicates:start', { datasetId: 999 })).rejects.toThrow(/no dataset/)
  })
})
