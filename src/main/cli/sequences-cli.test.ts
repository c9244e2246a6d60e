// Spawns the built CLI (bin/likeness.js → out/main/cli.js): run "npm run build" before this file alone.
// A FASTA of generated families is imported, then `likeness run` clusters it by edit distance.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { generateFamilies } from '../engine/sequences'

const repo = join(import.meta.dirname, '..', '..', '..')
const bin = join(repo, 'bin', 'likeness.js')
const FAMILIES = 4
const MEMBERS = 8
let dir: string
let db: string

function likeness(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args, '--db', db], { cwd: repo, encoding: 'utf8', timeout: 120_000 })
  return { status: r.status, stdout: r.stdout, stderr: r.stderr }
}

beforeAll(() => {
  expect(existsSync(join(repo, 'out', 'main', 'cli.js')), 'build the app first: npm run build').toBe(true)
  dir = mkdtempSync(join(tmpdir(), 'likeness-sequences-cli-'))
  db = join(dir, 'library.sqlite')
  const { sequences, family } = generateFamilies({ families: FAMILIES, membersPerFamily: MEMBERS, minLength: 120, maxLength: 250, rate: 0.05, seed: 4 })
  writeFileSync(join(dir, 'families.fasta'), `${sequences.map((s, i) => `>fam${family[i]}_${i % MEMBERS} group=f${family[i]}\n${s}`).join('\n')}\n`)
  const imported = likeness(['import', join(dir, 'families.fasta')])
  expect(imported.status, imported.stderr).toBe(0)
}, 120_000)
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('likeness run on a sequence dataset', () => {
  it('prints each cluster with its members, one family each, and writes the report', () => {
    const report = join(dir, 'run.csv')
    const r = likeness(['run', 'families.fasta', '--report', report])
    expect(r.status, r.stderr).toBe(0)
    expect(r.stdout).toMatch(/^Run \d+: Levenshtein on \d+-mer MinHash candidates → DBSCAN \(min samples 3\): 4 clusters, 0\.0 % noise, 32 sequences/)
    expect(r.stdout).toMatch(/Levenshtein distances computed for \d+ pairs/)
    expect(r.stdout).toMatch(/ACC 1\.000 · NMI 1\.000 · ARI 1\.000/)
    const clusters = r.stdout.split('\n').filter((line) => /^Cluster \d+ \(\d+\): /.test(line))
    expect(clusters).toHaveLength(FAMILIES)
    for (const line of clusters) {
      const members = line.slice(line.indexOf(': ') + 2).split(', ')
      expect(members).toHaveLength(MEMBERS)
      // Every member of a printed cluster comes from one family.
      expect(new Set(members.map((m) => m.split('_')[0])).size).toBe(1)
    }
    expect(readFileSync(report, 'utf8').trim().split('\n')).toHaveLength(FAMILIES * MEMBERS + 1)
  })

  it('takes the sequence options and refuses the feature ones by name', () => {
    const components = likeness(['run', 'families.fasta', '--algo', 'components', '--kmer', '7', '--json'])
    expect(components.status, components.stderr).toBe(0)
    const run = JSON.parse(components.stdout) as { settings: { sequences: { method: string; k: number } }; chosen: { sequences: { k: number } }; nClusters: number }
    expect(run.settings.sequences).toMatchObject({ method: 'components', k: 7 })
    expect(run.chosen.sequences.k).toBe(7)
    expect(run.nClusters).toBe(FAMILIES)
    const refused = likeness(['run', 'families.fasta', '--eps', '0.3'])
    expect(refused.status).toBe(2)
    expect(refused.stderr).toMatch(/holds sequences, clustered by edit distance: --eps does not apply/)
  })
})
