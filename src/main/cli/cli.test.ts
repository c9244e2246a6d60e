import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { noiseImage, writeBytes } from '../test-support/fixtures'

const repo = join(import.meta.dirname, '..', '..', '..')
const cli = ['--import', 'tsx', join(repo, 'src', 'main', 'cli', 'index.ts')]
const N = 600
let dir: string
let folder: string

function likeness(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [...cli, ...args], { cwd: repo, encoding: 'utf8', timeout: 120_000 })
  return { status: r.status, stdout: r.stdout, stderr: r.stderr }
}

function countItems(db: string): number {
  try {
    const conn = new Database(db, { readonly: true, fileMustExist: true })
    try {
      return (conn.prepare('SELECT COUNT(*) AS n FROM items').get() as { n: number }).n
    } finally {
      conn.close()
    }
  } catch {
    return 0 // not created yet, or its schema not yet written
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'likeness-cli-'))
  folder = join(dir, 'digits')
  for (let i = 0; i < N; i++) writeBytes(join(folder, `class-${i % 5}`, `${i}.png`), await noiseImage(48, 48, i).png().toBuffer())
}, 120_000)
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('likeness import', () => {
  it('resumes an import killed with SIGKILL half-way to the same final items as an uninterrupted one', async () => {
    const whole = join(dir, 'whole.sqlite')
    expect(likeness(['import', folder, '--db', whole, '--workers', '1']).status).toBe(0)
    expect(countItems(whole)).toBe(N)

    const killed = join(dir, 'killed.sqlite')
    const child = spawn(process.execPath, [...cli, 'import', folder, '--db', killed, '--workers', '1'], { cwd: repo, stdio: 'ignore' })
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)))
    const deadline = Date.now() + 90_000
    while (countItems(killed) < 100 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20))
    child.kill('SIGKILL')
    expect(await exited).toBe('SIGKILL')
    const before = countItems(killed)
    expect(before).toBeGreaterThanOrEqual(100)
    expect(before).toBeLessThan(N)

    const again = likeness(['import', folder, '--db', killed, '--workers', '1', '--json'])
    expect(again.status, again.stderr).toBe(0)
    const report = JSON.parse(again.stdout) as { summary: { processed: number; unchanged: number } }[]
    expect(report[0]!.summary.unchanged).toBe(before)
    expect(report[0]!.summary.processed).toBe(N - before)

    const a = new Database(whole, { readonly: true })
    const b = new Database(killed, { readonly: true })
    const rows = (db: Database.Database) =>
      db.prepare('SELECT rel_path, grp, status, hash, width, height FROM items ORDER BY rel_path').all()
    expect(rows(b)).toEqual(rows(a))
    const jobs = b.prepare('SELECT state FROM jobs ORDER BY id').all()
    expect(jobs).toEqual([{ state: 'interrupted' }, { state: 'done' }])
    a.close()
    b.close()
  })

  it('explains a damaged library file instead of opening it', () => {
    const bad = writeBytes(join(dir, 'damaged.sqlite'), 'this is not a database, it is a text file'.repeat(200))
    const r = likeness(['datasets', '--db', bad])
    expect(r.status).toBe(1)
    expect(r.stderr).toMatch(/damaged or is not a Likeness library.*Nothing was changed/)
  })

  it('lists datasets and rejects bad usage with exit code 2', () => {
    const db = join(dir, 'whole.sqlite')
    expect(likeness(['datasets', '--db', db]).stdout).toMatch(new RegExp(`digits  ${N} images, 5 groups, 0 failed`))
    expect(likeness(['import', '--db', db]).status).toBe(2)
    expect(likeness(['frobnicate']).stderr).toMatch(/Unknown command "frobnicate"/)
    expect(likeness(['import', join(dir, 'nope'), '--db', db]).stderr).toMatch(/Folder or file not found/)
  })

  it('refuses an unknown command given with --help instead of printing the help as if it were known', () => {
    const unknown = likeness(['frobnicate', '--help'])
    expect(unknown.status).toBe(2)
    expect(unknown.stderr).toMatch(/Unknown command "frobnicate"\. Run "likeness --help" for the commands\./)
    expect(unknown.stdout).not.toMatch(/Usage:/)
    const help = likeness(['--help'])
    expect(help.status).toBe(0)
    expect(help.stdout).toMatch(/Usage:/)
    expect(likeness(['datasets', '--help']).status).toBe(0)
  })

  it('computes, lists and reuses feature sets, and names a wrong option with the right ones', () => {
    const db = join(dir, 'features.sqlite')
    expect(likeness(['import', folder, '--db', db]).status).toBe(0)
    // 48-pixel images: HOG at 98 px (twice their side, 7 cells of 14 px) with 3 × 3-cell blocks, 5 × 5 blocks × 81 values.
    const listed = likeness(['features', 'digits', '--db', db]).stdout
    expect(listed).toMatch(/HOG {2}bins=9 block=3 cell=14 colour=true norm=L2-Hys size=98 transformSqrt=false {2}2026-d, complete, computed during import \(default for runs\)/)
    expect(listed).toMatch(/Resized to 98 px \(twice the images' typical side of 48 px\)/)
    const computed = likeness(['features', 'digits', '--method', 'pixels', '--size', '8', '--post', 'l2', '--db', db, '--json'])
    expect(computed.status).toBe(0)
    expect(JSON.parse(computed.stdout).summary).toMatchObject({ reused: false, computed: N, dimension: 64 })
    const again = likeness(['features', 'digits', '--method=pixels', '--size=8', '--post', 'l2', '--db', db])
    expect(again.stdout).toMatch(new RegExp(`Reused feature set \\d+: ${N} vectors of 64 values`))
    const bad = likeness(['features', 'digits', '--method', 'hog', '--cel', '8', '--db', db])
    expect(bad.status).toBe(2)
    expect(bad.stderr).toMatch(/HOG has no option --cel; its options are --size, --cell/)
    expect(likeness(['features', 'nothing', '--db', db]).stderr).toMatch(/There is no dataset "nothing"/)
  })
})
