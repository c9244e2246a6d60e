// Spawns the built CLI (bin/likeness.js → out/main/cli.js): run "npm run build" before this file alone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Library } from '../app/library'
import { folderDataset } from '../app/edits-test-support'

const repo = join(import.meta.dirname, '..', '..', '..')
const bin = join(repo, 'bin', 'likeness.js')
let dir: string
let db: string

function likeness(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args, '--db', db], { cwd: dir, encoding: 'utf8', timeout: 120_000 })
  return { status: r.status, stdout: r.stdout, stderr: r.stderr }
}

beforeAll(async () => {
  expect(existsSync(join(repo, 'out', 'main', 'cli.js')), 'build the app first: npm run build').toBe(true)
  dir = mkdtempSync(join(tmpdir(), 'likeness-labels-cli-'))
  db = join(dir, 'library.sqlite')
  const lib = new Library(db, { workers: 1 })
  folderDataset(lib, join(dir, 'pets'))
  await lib.close()
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('likeness labels', () => {
  it('imports a CSV, matching files by their path in the dataset, and names the rows it could not match', () => {
    writeFileSync(join(dir, 'in.csv'), 'file,label\ncats/a.png,cat\ncats/b.png,cat\ndogs/a.png,dog\nfish/a.png,fish\n')
    const r = likeness(['labels', 'import', 'pets', 'in.csv'])
    expect(r.status, r.stderr).toBe(0)
    expect(r.stdout).toContain('Labelled 3 items of pets.')
    expect(r.stdout).toContain('  fish/a.png')
  })

  it('exports the labels as CSV to a file, as JSON to stdout, and into linked label folders', () => {
    const csv = likeness(['labels', 'export', 'pets', '--out', 'out.csv'])
    expect(csv.status, csv.stderr).toBe(0)
    expect(readFileSync(join(dir, 'out.csv'), 'utf8')).toBe('file,label,source\ncats/a.png,cat,import\ncats/b.png,cat,import\ndogs/a.png,dog,import\n')
    const json = likeness(['labels', 'export', 'pets', '--format', 'json'])
    expect((JSON.parse(json.stdout) as { labels: unknown[] }).labels).toHaveLength(3)
    const folders = likeness(['labels', 'export', 'pets', '--folders', 'by-label', '--link'])
    expect(folders.status, folders.stderr).toBe(0)
    expect(readdirSync(join(dir, 'by-label')).sort()).toEqual(['cat', 'dog'])
    const again = likeness(['labels', 'export', 'pets', '--folders', 'by-label'])
    expect(again.status).toBe(1)
    expect(again.stderr).toMatch(/not empty/)
  })

  it('explains a missing action with the usage', () => {
    const r = likeness(['labels', 'pets'])
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(/likeness labels export <dataset>/)
  })
})
