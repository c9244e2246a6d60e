import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { Library } from './library'
import { editHistory } from './edits-service'
import { listLabels } from './labels-service'
import { folderDataset, storedRun } from './edits-test-support'

const CHILD = resolve('src/main/app/edits-kill-child.ts')
/** Acknowledged edits to wait for before the kill. */
const BEFORE_KILL = 25

let dir: string
let running: ChildProcess | null = null

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'likeness-kill-'))
})

afterAll(() => {
  if (running && running.exitCode === null && running.signalCode === null) running.kill('SIGKILL')
  rmSync(dir, { recursive: true, force: true })
})

/** Runs the child until it has acknowledged `count` edits, kills it with SIGKILL, and returns the ids it acknowledged. */
function killAfter(file: string, runId: number, count: number): Promise<number[]> {
  return new Promise((done, fail) => {
    // Node itself with tsx's loader, not the tsx wrapper: a SIGKILL of the wrapper would leave its node child running.
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, file, String(runId)], { stdio: ['ignore', 'pipe', 'pipe'] })
    running = child
    const acked: number[] = []
    let buffer = ''
    let errors = ''
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()))
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString()
      const lines = buffer.split('\n')
      buffer = lines.pop()!
      for (const line of lines) if (line.startsWith('ack ')) acked.push(Number(line.slice(4)))
      if (acked.length >= count) child.kill('SIGKILL')
    })
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') done(acked)
      else fail(new Error(`The child ended by itself (code ${code}) after ${acked.length} edits: ${errors}`))
    })
  })
}

describe('edits and a kill', () => {
  it('keeps every acknowledged edit after SIGKILL, and the library passes its integrity check', async () => {
    const file = join(dir, 'library.sqlite')
    let lib = new Library(file, { workers: 1 })
    const { datasetId, itemIds } = folderDataset(lib, join(dir, 'pets'))
    const runId = storedRun(lib, datasetId, itemIds, [0, 0, 0, 1, 1, 1, 2, 2])
    await lib.close()

    const acked = await killAfter(file, runId, BEFORE_KILL)
    expect(acked.length).toBeGreaterThanOrEqual(BEFORE_KILL)

    lib = new Library(file, { workers: 1 })
    try {
      expect(lib.db.pragma('integrity_check', { simple: true })).toBe('ok')
      const history = editHistory(lib, runId)
      const stored = new Set(history.entries.map((e) => e.id))
      expect(acked.filter((id) => !stored.has(id))).toEqual([])
      // The materialised state and the labels agree with the last edit kept.
      const last = history.entries.at(-1)!
      const names = history.state.clusters.map((c) => c.meta?.name ?? '')
      expect(names).toContain(last.description.match(/“([^“”]*)”$/)![1])
      const labelled = new Set(listLabels(lib, datasetId).labels.map((l) => l.label))
      expect([...labelled].sort()).toEqual(names.filter((n) => n !== '').sort())
    } finally {
      await lib.close()
    }
  })
})
