// Spawns the built CLI (bin/likeness.js → out/main/cli.js): run "npm run build" before this file alone.
// A folder of distinct textures with planted near copies is imported, then `likeness duplicates` groups them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { writePlantedFolder, type PlantedFolder } from '../app/duplicates-test-support'
import type { DuplicatesResult } from '../../shared/contract'

const repo = join(import.meta.dirname, '..', '..', '..')
const bin = join(repo, 'bin', 'likeness.js')
let dir: string
let db: string
let planted: PlantedFolder

function likeness(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args, '--db', db], { cwd: repo, encoding: 'utf8', timeout: 120_000 })
  return { status: r.status, stdout: r.stdout, stderr: r.stderr }
}

beforeAll(async () => {
  expect(existsSync(join(repo, 'out', 'main', 'cli.js')), 'build the app first: npm run build').toBe(true)
  dir = mkdtempSync(join(tmpdir(), 'likeness-duplicates-cli-'))
  db = join(dir, 'library.sqlite')
  planted = await writePlantedFolder(join(dir, 'pictures'))
  const imported = likeness(['import', join(dir, 'pictures')])
  expect(imported.status, imported.stderr).toBe(0)
}, 120_000)
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('likeness duplicates', () => {
  it('prints each group of near copies with its files, and the exact copies apart', () => {
    const r = likeness(['duplicates', 'pictures'])
    expect(r.status, r.stderr).toBe(0)
    expect(r.stdout).toMatch(/images compared at threshold \d+ \(The default/)
    expect(r.stdout).toContain(`${planted.groups.length} groups of near copies`)
    // Each group's files are listed together, under its heading.
    const blocks = r.stdout.split(/\n\s+\d+\. /).slice(1)
    for (const group of planted.groups) {
      const block = blocks.find((b) => b.includes(group[0]!))
      expect(block, `a group holding ${group[0]}`).toBeDefined()
      for (const file of group) expect(block).toContain(file)
    }
    expect(r.stdout).toContain('1 set of exact copies')
    expect(r.stdout).toContain(planted.exact[1])
  }, 120_000)

  it('gives the groups as JSON with the threshold asked for, and refuses a bad threshold', () => {
    const r = likeness(['duplicates', 'pictures', '--threshold', '0', '--json'])
    expect(r.status, r.stderr).toBe(0)
    const out = JSON.parse(r.stdout) as { result: DuplicatesResult }
    expect(out.result.threshold).toBe(0)
    for (const g of out.result.groups) expect(g.maxDistance).toBe(0)
    const bad = likeness(['duplicates', 'pictures', '--threshold', 'many'])
    expect(bad.status).toBe(2)
    expect(bad.stderr).toMatch(/--threshold takes a whole number/)
  }, 120_000)
})
