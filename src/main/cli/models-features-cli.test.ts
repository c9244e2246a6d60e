// Spawns the built CLI (bin/likeness.js → out/main/cli.js): run "npm run build" before this file alone.
// A CSV with a label column trains a Siamese head on its own vectors, and --features picks the set.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { twoClouds } from '../engine/nn/siamese-test-data'

const repo = join(import.meta.dirname, '..', '..', '..')
const bin = join(repo, 'bin', 'likeness.js')
let dir: string
let db: string

function likeness(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args, '--db', db], { cwd: repo, encoding: 'utf8', timeout: 120_000, env: { ...process.env, LIKENESS_BACKEND: '' } })
  return { status: r.status, stdout: r.stdout, stderr: r.stderr }
}

beforeAll(() => {
  expect(existsSync(join(repo, 'out', 'main', 'cli.js')), 'build the app first: npm run build').toBe(true)
  dir = mkdtempSync(join(tmpdir(), 'likeness-features-cli-'))
  db = join(dir, 'library.sqlite')
  const { data, labels } = twoClouds(20, 4, 3)
  const rows = Array.from(labels, (c, r) => [...Array.from(data.data.subarray(r * 4, (r + 1) * 4), (v) => v.toFixed(4)), c === 0 ? 'east' : 'west'].join(','))
  writeFileSync(join(dir, 'clouds.csv'), `a,b,c,d,kind\n${rows.join('\n')}\n`)
  const imported = spawnSync(process.execPath, [bin, 'import', join(dir, 'clouds.csv'), '--label-column', 'kind', '--db', db], { cwd: repo, encoding: 'utf8', timeout: 120_000 })
  expect(imported.status, imported.stderr).toBe(0)
}, 120_000)
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('likeness train on a feature set', () => {
  it('trains a Siamese head on a vectors dataset with no option beyond the model, learning from its label column', () => {
    const r = likeness(['train', 'clouds.csv', '--model', 'siamese', '--epochs', '1', '--backend', 'cpu', '--param', 'widths=8', '--param', 'latent=4', '--json'])
    expect(r.status, r.stderr).toBe(0)
    const out = JSON.parse(r.stdout) as { model: { label: string; params: Record<string, unknown>; featureSetId: number } }
    expect(out.model.label).toBe('Siamese head (triplet, 4 values)')
    expect(out.model.params).toMatchObject({ preset: 'C', widths: '8', inputFeatureSetId: 1, labels: 'groups' })
  }, 120_000)

  it('trains an autoencoder on the set --features names, and says which sets exist when it names another', () => {
    const r = likeness(['train', 'clouds.csv', '--model', 'autoencoder', '--features', '1', '--epochs', '1', '--backend', 'cpu', '--param', 'hidden=4'])
    expect(r.status, r.stderr).toBe(0)
    expect(r.stdout).toMatch(/Model 2 trained \(1 epochs/)
    expect(r.stdout).toMatch(/Feature set \d+: the embeddings of clouds\.csv\./)
    const wrong = likeness(['train', 'clouds.csv', '--model', 'autoencoder', '--features', '99'])
    expect(wrong.status).not.toBe(0)
    expect(wrong.stderr).toMatch(/Feature set 99 does not belong to clouds\.csv: choose one of its own/)
    const typo = likeness(['train', 'clouds.csv', '--model', 'autoencoder', '--features', 'hog'])
    expect(typo.status).toBe(2)
    expect(typo.stderr).toMatch(/--features takes a whole number, not "hog"/)
    expect(likeness(['train', '--help']).stdout).toMatch(/--features <set id>/)
  }, 120_000)
})
