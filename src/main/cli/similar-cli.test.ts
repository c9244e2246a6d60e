// Spawns the built CLI (bin/likeness.js → out/main/cli.js): run "npm run build" before this file alone.
// A folder of barred squares is imported, then `likeness similar` and `likeness index` search it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { spawnSync } from 'node:child_process'
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { writeBytes } from '../test-support/fixtures'
import type { SimilarIndexReport, SimilarResult } from '../../shared/contract'

const repo = join(import.meta.dirname, '..', '..', '..')
const bin = join(repo, 'bin', 'likeness.js')
const SIDE = 32
let dir: string
let db: string

function likeness(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args, '--db', db], { cwd: repo, encoding: 'utf8', timeout: 120_000 })
  return { status: r.status, stdout: r.stdout, stderr: r.stderr }
}

/** A dark square with one bright bar, its place set by the seed, over seeded noise. */
async function png(horizontal: boolean, seed: number): Promise<Buffer> {
  const pixels = Buffer.alloc(SIDE * SIDE)
  let s = seed * 2654435761
  const next = (): number => ((s = (s * 1103515245 + 12345) >>> 0) / 2 ** 32)
  const at = 3 + (seed % (SIDE - 6))
  for (let y = 0; y < SIDE; y++) for (let x = 0; x < SIDE; x++) pixels[y * SIDE + x] = ((horizontal ? y : x) === at ? 220 : 30) + Math.floor(next() * 30)
  return sharp(pixels, { raw: { width: SIDE, height: SIDE, channels: 1 } }).png().toBuffer()
}

beforeAll(async () => {
  expect(existsSync(join(repo, 'out', 'main', 'cli.js')), 'build the app first: npm run build').toBe(true)
  dir = mkdtempSync(join(tmpdir(), 'likeness-similar-cli-'))
  db = join(dir, 'library.sqlite')
  for (let i = 0; i < 15; i++) {
    writeBytes(join(dir, 'bars', 'h', `h-${String(i).padStart(2, '0')}.png`), await png(true, i))
    writeBytes(join(dir, 'bars', 'v', `v-${String(i).padStart(2, '0')}.png`), await png(false, i + 40))
  }
  const imported = likeness(['import', join(dir, 'bars')])
  expect(imported.status, imported.stderr).toBe(0)
}, 120_000)
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('likeness similar', () => {
  it("lists an item's nearest items by its path, itself left out, nearest first", () => {
    const r = likeness(['similar', 'bars', 'h/h-03.png', '-k', '5', '--json'])
    expect(r.status, r.stderr).toBe(0)
    const out = JSON.parse(r.stdout) as SimilarResult
    expect(out.index.kind).toBe('exact')
    expect(out.neighbours).toHaveLength(5)
    expect(out.neighbours.map((n) => n.path)).not.toContain('h/h-03.png')
    const distances = out.neighbours.map((n) => n.distance)
    expect(distances).toEqual([...distances].sort((a, b) => a - b))
    const text = likeness(['similar', 'bars', 'h/h-03.png', '-k', '3'])
    expect(text.status, text.stderr).toBe(0)
    expect(text.stdout).toMatch(/exact index: Exact search/)
    expect(text.stdout).toContain(`   1. `)
    expect(text.stdout).toContain(out.neighbours[0]!.path)
  }, 60_000)

  it('finds an outside copy of a file first at distance 0', () => {
    const copy = join(dir, 'copy.png')
    copyFileSync(join(dir, 'bars', 'v', 'v-07.png'), copy)
    const r = likeness(['similar', 'bars', copy, '--json'])
    expect(r.status, r.stderr).toBe(0)
    const out = JSON.parse(r.stdout) as SimilarResult
    expect(out.neighbours).toHaveLength(10)
    expect(out.neighbours[0]!.path).toBe('v/v-07.png')
    expect(out.neighbours[0]!.distance).toBeLessThan(1e-4)
  }, 60_000)

  it('refuses a bad k, index or query with a usage error', () => {
    const k = likeness(['similar', 'bars', 'h/h-03.png', '-k', '0'])
    expect(k.status).toBe(2)
    expect(k.stderr).toContain('-k takes a whole number from 1 to 200, not "0"')
    const index = likeness(['similar', 'bars', 'h/h-03.png', '--index', 'annoy'])
    expect(index.status).toBe(2)
    expect(index.stderr).toContain('--index takes auto, exact, e2lsh, simhash, hnsw')
    const missing = likeness(['similar', 'bars', 'h/nothing.png'])
    expect(missing.status).toBe(2)
    expect(missing.stderr).toContain('is neither an item of the dataset')
  }, 60_000)
})

describe('likeness index', () => {
  it('tunes an E2LSH index and prints its settings and measured figures', () => {
    const r = likeness(['index', 'bars', '--kind', 'e2lsh', '--target-recall', '0.9', '--json'])
    expect(r.status, r.stderr).toBe(0)
    const out = JSON.parse(r.stdout) as SimilarIndexReport
    expect(out.kind).toBe('e2lsh')
    expect(out.rows).toBe(30)
    expect(out.targetRecall).toBe(0.9)
    expect(Object.keys(out.params).sort()).toEqual(['hashes', 'probes', 'tables', 'w'])
    expect(out.recallAtK).toBeGreaterThanOrEqual(0)
    expect(out.recallAtK).toBeLessThanOrEqual(1)
    expect(out.reached).toBe(out.recallAtK >= 0.9)
    const text = likeness(['index', 'bars', '--kind', 'simhash'])
    expect(text.status, text.stderr).toBe(0)
    expect(text.stdout).toMatch(/simhash index of feature set \d+ \(30 vectors\)/)
    expect(text.stdout).toMatch(/recall@10 +\d\.\d{3} \(target 0\.95/)
    expect(text.stdout).toMatch(/ms per query +\d+\.\d{3} \(exact scan: \d+\.\d{3}\)/)
    const bad = likeness(['index', 'bars', '--kind', 'exact'])
    expect(bad.status).toBe(2)
    expect(bad.stderr).toContain('--kind takes e2lsh, simhash, hnsw')
  }, 120_000)
})
