import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ari } from '../engine/metrics'
import { generateFamilies } from '../engine/sequences'
import { createFileImportJob } from './file-import'
import { Library } from './library'
import { reportOf } from './report-service'
import { checkRunRequest, createRunJob, runDetail } from './runs-service'
import { launchImport, launchRun } from './services'

const FAMILIES = 6
const MEMBERS = 10
const data = generateFamilies({ families: FAMILIES, membersPerFamily: MEMBERS, minLength: 120, maxLength: 300, rate: 0.05, seed: 21 })
const n = FAMILIES * MEMBERS

let dir: string
let lib: Library
let datasetId: number

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'likeness-sequence-runs-'))
  lib = new Library(join(dir, 'library.sqlite'), { workers: 1 })
  // Members interleaved, so the item order says nothing of the families.
  const records: string[] = []
  for (let m = 0; m < MEMBERS; m++) {
    for (let f = 0; f < FAMILIES; f++) records.push(`>seq${f}_${m} group=family${f}\n${data.sequences[f * MEMBERS + m]!.replace(/(.{70})/g, '$1\n')}`)
  }
  const path = join(dir, 'families.fasta')
  writeFileSync(path, `${records.join('\n')}\n`)
  const job = await launchImport(lib, createFileImportJob(lib, path, {}))
  expect(job.state).toBe('done')
  datasetId = job.datasetId!
  expect(lib.datasets.get(datasetId)!.kind).toBe('sequences')
})

afterAll(async () => {
  await lib.close()
  rmSync(dir, { recursive: true, force: true })
})

/** Family of each item of a run, read back from its name. */
const familiesOf = (names: string[]): Int32Array => Int32Array.from(names, (name) => Number(/^seq(\d+)_/.exec(name)![1]))

describe('a run on a sequence dataset', () => {
  it('clusters the families at the defaults, comparing a minority of pairs, and keeps the run', async () => {
    const phases: string[] = []
    const off = lib.bus.on('job:progress', (j) => phases.push(j.progress.phase))
    const job = await launchRun(lib, createRunJob(lib, checkRunRequest(lib, { datasetId })))
    off()
    expect(job.error).toBeNull()
    expect(job.state).toBe('done')
    expect(phases).toContain('MinHash, Levenshtein and clustering')
    expect(phases).toContain('Map of the sequences')
    const run = runDetail(lib, job.result!.runId)
    expect(run.n).toBe(n)
    expect(run.featureSetId).toBeNull()
    expect(ari(Int32Array.from(run.labels), familiesOf(run.names))).toBeGreaterThanOrEqual(0.9)
    // The groups came from the headers: the stored metrics agree with the families.
    expect(run.metrics.ari).toBeGreaterThanOrEqual(0.9)
    expect(run.metrics.acc).toBeGreaterThanOrEqual(0.9)
    expect(run.nClusters).toBe(FAMILIES)
    const chosen = run.chosen.sequences!
    expect(chosen.pairsFraction).toBeLessThan(0.3)
    expect(chosen.pairsCompared).toBe(Math.round(chosen.pairsFraction * ((n * (n - 1)) / 2)))
    expect(chosen.reasons.join(' ')).toMatch(/k = \d+/)
    expect(run.settings.sequences).toEqual({ k: 'auto', jaccard: 'auto', maxDistance: 0.2, minSamples: 3, method: 'dbscan' })
    expect(run.notes[0]).toMatch(/computed for \d+ pairs/)
    // A map of the right size, every coordinate finite, the families apart from each other.
    expect(run.x).toHaveLength(n)
    expect(run.y).toHaveLength(n)
    expect([...run.x, ...run.y].every(Number.isFinite)).toBe(true)
    expect(new Set(run.x.map((x, i) => `${x},${run.y[i]}`)).size).toBeGreaterThan(n / 2)
    const family = familiesOf(run.names)
    const centres = Array.from({ length: FAMILIES }, (_, f) => {
      const members = run.x.map((_, i) => i).filter((i) => family[i] === f)
      return [members.reduce((s, i) => s + run.x[i]!, 0) / members.length, members.reduce((s, i) => s + run.y[i]!, 0) / members.length] as const
    })
    const nearest = run.x.map((x, i) => {
      const d = centres.map(([cx, cy]) => Math.hypot(x - cx, run.y[i]! - cy))
      return d.indexOf(Math.min(...d))
    })
    expect(nearest).toEqual(Array.from(family))
    expect(run.previews).toHaveLength(n)
    expect(run.previews![0]).toHaveLength(60)
    expect(lib.runs.list(datasetId).map((r) => r.id)).toContain(run.id)
  })

  it('takes its own parameters: connected components at a given k', async () => {
    const p = checkRunRequest(lib, { datasetId, settings: { sequences: { method: 'components', k: 6 } } })
    const job = await launchRun(lib, createRunJob(lib, p))
    expect(job.title).toMatch(/^Connected components of/)
    const run = runDetail(lib, job.result!.runId)
    expect(run.chosen.sequences!.k).toBe(6)
    expect(run.settings.sequences!.method).toBe('components')
    expect(run.noiseFraction).toBe(0) // components leave nothing as noise
    expect(ari(Int32Array.from(run.labels), familiesOf(run.names))).toBeGreaterThanOrEqual(0.9)
  })

  it('writes the HTML and CSV reports of the run', async () => {
    const id = lib.runs.list(datasetId).at(-1)!.id
    const html = (await reportOf(lib, id, 'html')).text!
    expect(html).toMatch(/Levenshtein on \d+-mer MinHash candidates/)
    expect(html).toMatch(/ARI \(groups\)<\/th><td>(0\.9\d\d|1\.000)/)
    // The first run (the list is newest first): its own settings, not the feature pipeline's.
    expect(html).toMatch(/Clustering<\/th><td>DBSCAN, min samples 3</)
    expect(html).toMatch(/Pairs compared<\/th><td>\d+ \(\d+\.\d\d % of all pairs\)/)
    expect(html).not.toMatch(/Post-processing/)
    const csv = (await reportOf(lib, id, 'csv')).text!.trim().split('\n')
    expect(csv).toHaveLength(n + 1)
    expect(csv[1]).toMatch(/^\d+,seq\d_\d,family\d,-?\d+,[-\d.e]+,[-\d.e]+$/)
  })

  it('is cancelled during its work and keeps no run', async () => {
    const before = lib.runs.list(datasetId).length
    const job = createRunJob(lib, checkRunRequest(lib, { datasetId, settings: { seed: 5 } }))
    const off = lib.bus.on('job:progress', (j) => {
      if (j.id === job.id && j.progress.phase !== 'Loading sequences') void lib.runner.cancel(job.id)
    })
    const done = await launchRun(lib, job)
    off()
    expect(done.state).toBe('cancelled')
    expect(lib.runs.list(datasetId)).toHaveLength(before)
  })

  it('refuses a feature set and values out of range, saying what to give', () => {
    expect(() => checkRunRequest(lib, { datasetId, featureSetId: 1 })).toThrow(/no feature sets: start the run without one/)
    expect(() => checkRunRequest(lib, { datasetId, settings: { sequences: { maxDistance: 1 } } })).toThrow(/above 0 and below 1/)
    expect(() => checkRunRequest(lib, { datasetId, settings: { sequences: { k: 1 } } })).toThrow(/k takes a whole number from 2/)
  })
})
