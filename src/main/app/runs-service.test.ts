import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Library } from './library'
import { createFileImportJob } from './file-import'
import { checkRunRequest, createRunJob, runDetail } from './runs-service'
import { reportOf } from './report-service'
import { launchImport, launchRun } from './services'
import { seededRandom } from '../engine/random'
import type { RunRequest } from '../../shared/contract'

let dir: string
let lib: Library
let datasetId: number
let featureSetId: number

/** Three well separated blobs in 6-D, 40 points each, the blob's name as the label column. */
function blobsCsv(): string {
  const random = seededRandom(3)
  const gauss = (): number => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random())
  const lines = ['a,b,c,d,e,f,label']
  const centres = [[0, 0, 0, 0, 0, 0], [8, 8, 0, 0, 0, 0], [0, 8, 8, 8, 0, 0]]
  centres.forEach((c, g) => {
    for (let i = 0; i < 40; i++) lines.push([...c.map((v) => (v + 0.5 * gauss()).toFixed(4)), `blob${g}`].join(','))
  })
  return `${lines.join('\n')}\n`
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'likeness-runs-'))
  lib = new Library(join(dir, 'library.sqlite'), { workers: 1 })
  const file = join(dir, 'blobs.csv')
  writeFileSync(file, blobsCsv())
  const job = await launchImport(lib, createFileImportJob(lib, file))
  datasetId = job.datasetId!
  featureSetId = lib.featureSets.list(datasetId)[0]!.id
})

afterAll(async () => {
  await lib.close()
  rmSync(dir, { recursive: true, force: true })
})

async function run(settings: RunRequest['settings'] = {}) {
  const job = await launchRun(lib, createRunJob(lib, checkRunRequest(lib, { datasetId, featureSetId, settings })))
  expect(job.state, job.error?.message).toBe('done')
  return runDetail(lib, job.result!.runId)
}

describe('a clustering run', () => {
  it('finds the three blobs with k chosen automatically and keeps the run as history', async () => {
    const r = await run({ reduce: { nNeighbors: 10, pcaBefore: null, metric: 'euclidean' }, cluster: { algo: 'kmeans', k: 'auto' } })
    expect(r).toMatchObject({ datasetId, featureSetId, n: 120, nClusters: 3, noiseFraction: 0 })
    expect(r.chosen.k?.k).toBe(3)
    expect(r.metrics.acc).toBe(1)
    expect(r.metrics.nmi).toBeCloseTo(1, 10)
    expect(r.groups).toEqual(['blob0', 'blob1', 'blob2'])
    expect(r.x).toHaveLength(120)
    expect(r.clusters.map((c) => c.size)).toEqual([40, 40, 40])
    // The most representative items of a cluster are its own.
    for (const c of r.clusters) for (const id of c.representatives) expect(r.labels[r.itemIds.indexOf(id)]).toBe(c.label)
    expect(r.contingency?.table.filter((v) => v > 0).sort()).toEqual([40, 40, 40])
    expect(lib.runs.list(datasetId).map((h) => h.id)).toContain(r.id)
    expect(Object.keys(r.timings)).toEqual(expect.arrayContaining(['layout', 'cluster', 'metrics']))
  })

  it('keeps the chosen sizes, their reason and the warnings with the run, and gives them back when it is reopened', async () => {
    const auto = await run({ reduce: { nNeighbors: 10, pcaBefore: null }, cluster: { algo: 'hdbscan' } })
    expect(auto.settings.cluster).toMatchObject({ minSamples: 'auto', minClusterSize: 'auto' })
    // √120 = 11.0 and a quarter of it, kept at 5 at the least.
    expect(auto.chosen.sizes).toEqual({ minSamples: 5, minClusterSize: 11, reason: expect.stringMatching(/^min cluster size 11, min samples 5\. Scaled to the 120 items/) })
    expect(auto.nClusters).toBe(3)
    expect(auto.warnings).toEqual([])
    const noise = await run({ reduce: { nNeighbors: 10, pcaBefore: null }, cluster: { algo: 'hdbscan', minClusterSize: 100, minSamples: 50 } })
    expect(noise.chosen.sizes).toBeUndefined()
    expect(noise.warnings).toEqual([expect.stringMatching(/^Every one of the 120 items came out as noise.*lower min cluster size \(now 100\) or min samples \(now 50\)/)])
    expect(lib.runs.get(noise.id)!.warnings).toEqual(noise.warnings)
    expect(lib.runs.get(auto.id)!.chosen).toEqual(auto.chosen)
  })

  it('is reproducible bit for bit with the same seed, and reuses the layout when only the clustering changes', async () => {
    const settings = { reduce: { nNeighbors: 8, pcaBefore: null, metric: 'euclidean' as const }, cluster: { algo: 'kmeans' as const, k: 3 }, seed: 7 }
    const a = await run(settings)
    const b = await run(settings)
    expect(b.x).toEqual(a.x)
    expect(b.y).toEqual(a.y)
    expect(b.labels).toEqual(a.labels)
    const cachedBefore = (lib.db.prepare('SELECT COUNT(*) AS n FROM stage_cache').get() as { n: number }).n
    const c = await run({ ...settings, cluster: { algo: 'hdbscan', minClusterSize: 10, minSamples: 5 } })
    expect(c.x).toEqual(a.x)
    expect((lib.db.prepare('SELECT COUNT(*) AS n FROM stage_cache').get() as { n: number }).n).toBe(cachedBefore)
    expect(c.timings['layout'] ?? 0).toBeLessThan(Math.max(0.05, (a.timings['layout'] ?? 0)))
    expect(c.metrics.acc).toBe(1)
  })

  it('is cancelled during its layout and keeps no run', async () => {
    const before = lib.runs.list(datasetId).length
    const job = createRunJob(lib, checkRunRequest(lib, { datasetId, featureSetId, settings: { seed: 99, reduce: { nNeighbors: 10 } } }))
    const off = lib.bus.on('job:progress', (j) => {
      if (j.id === job.id && j.progress.phase === 'UMAP layout') void lib.runner.cancel(job.id)
    })
    const done = await launchRun(lib, job)
    off()
    expect(done.state).toBe('cancelled')
    expect(lib.runs.list(datasetId)).toHaveLength(before)
  })

  it('refuses settings that cannot work, saying what to change', () => {
    expect(() => checkRunRequest(lib, { datasetId, featureSetId, settings: { cluster: { k: 500 } } })).toThrow(/k = 500 is more than the 120 items/)
    expect(() => checkRunRequest(lib, { datasetId, featureSetId, settings: { reduce: { nNeighbors: 150 } } })).toThrow(/neighbours \(150\) must be fewer/)
    expect(() => checkRunRequest(lib, { datasetId, featureSetId, settings: { post: 'whiten' } })).toThrow(/whiten/)
    expect(() => checkRunRequest(lib, { datasetId: 999, featureSetId })).toThrow(/no dataset 999/)
  })
})

describe('reports', () => {
  it('writes a self-contained HTML report and the item-to-cluster table', async () => {
    const id = lib.runs.list(datasetId)[0]!.id
    const html = (await reportOf(lib, id, 'html')).text!
    expect(html).toMatch(/<img alt="Scatter plot[^>]+src="data:image\/png;base64,/)
    expect(html).toMatch(/Silhouette/)
    expect(html).toMatch(/ACC \(groups\)<\/th><td>1\.000/)
    // Nothing in it reaches outside the file.
    expect(html).not.toMatch(/(src|href)="(?!data:)/)
    expect(html).not.toMatch(/https?:\/\//)
    const csv = (await reportOf(lib, id, 'csv')).text!.trim().split('\n')
    expect(csv[0]).toBe('item_id,path,group,cluster,x,y')
    expect(csv).toHaveLength(121)
    const detail = runDetail(lib, id)
    expect(csv[1]!.split(',').slice(0, 4)).toEqual([String(detail.itemIds[0]), detail.names[0], 'blob0', String(detail.labels[0])])
    const json = JSON.parse((await reportOf(lib, id, 'json')).text!) as { items: unknown[]; metrics: { acc: number } }
    expect(json.items).toHaveLength(120)
    await expect(reportOf(lib, id, 'pdf')).rejects.toThrow(/PDF export needs the desktop app/)
  })
})
