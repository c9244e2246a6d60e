import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { Library } from './library'
import { createImportJob } from './import-service'
import { launchEmbed, launchImport, launchRun, launchTrain } from './services'
import { checkTrainRequest, createTrainJob } from './models-service'
import { checkEmbedRequest, createEmbedJob } from './models-embed'
import { compareItems, removeModel } from './models-queries'
import { modelInfo, models } from './model-store'
import { featureSetsOf } from './features-service'
import { checkRunRequest, createRunJob } from './runs-service'
import { barPng, writeBarFolders } from '../test-support/bar-images'
import { writeBytes } from '../test-support/fixtures'
import { TINY_BIAS, TINY_WEIGHT, tinyImageModel, writeModel } from '../test-support/onnx-model'
import type { TrainRequest } from '../../shared/contract'

let dir: string
let bars: string
let flat: string
let colours: string
const libs: Library[] = []
const PER_GROUP = 20

function openLib(name: string): Library {
  const lib = new Library(join(dir, name, 'library.sqlite'), { workers: 1 })
  libs.push(lib)
  return lib
}

async function importFolder(lib: Library, root: string): Promise<number> {
  const job = await launchImport(lib, createImportJob(lib, root, false))
  expect(job.state).toBe('done')
  return job.datasetId!
}


const AUTOENCODER: TrainRequest['params'] = { hidden: '16', latent: 4, batchSize: 8 }
const SIAMESE: TrainRequest['params'] = { widths: '16', latent: 8, batchSize: 8 }

async function train(lib: Library, req: TrainRequest) {
  return launchTrain(lib, createTrainJob(lib, checkTrainRequest(lib, req)))
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'likeness-models-'))
  bars = join(dir, 'bars')
  flat = join(dir, 'flat')
  colours = join(dir, 'colours')
  await writeBarFolders(bars, PER_GROUP)
  for (let i = 0; i < 6; i++) writeBytes(join(flat, `f-${i}.png`), await barPng(i % 2 === 0, i))
  const solid = ['#ff0000', '#00ff80', '#2040c0']
  for (const [i, background] of solid.entries()) writeBytes(join(colours, `c-${i}.png`), await sharp({ create: { width: 8, height: 8, channels: 3, background } }).png().toBuffer())
  writeFileSync(join(colours, 'broken.png'), 'not an image')
  writeBytes(join(colours, 'gone.png'), await sharp({ create: { width: 8, height: 8, channels: 3, background: '#ffffff' } }).png().toBuffer())
}, 60_000)

afterAll(async () => {
  for (const lib of libs) await lib.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('training an autoencoder as a job', () => {
  it('ends done with one curve point per epoch, its embeddings a feature set a run can use, the import HOG still the default', async () => {
    const lib = openLib('ae')
    const datasetId = await importFolder(lib, bars)
    const job = await train(lib, { datasetId, kind: 'autoencoder', epochs: 2, params: AUTOENCODER, backend: 'cpu' })
    expect(job.state, job.error?.message).toBe('done')
    const r = job.result!
    const model = models(lib).get(r.modelId)!
    expect(model.state).toBe('ready')
    expect(model.curve.map((c) => c.epoch)).toEqual([1, 2])
    expect(model.curve.every((c) => Number.isFinite(c.loss) && c.valLoss !== undefined)).toBe(true)
    expect(model.bestEpoch).toBe(r.bestEpoch)
    expect(model.backend?.name).toBe('cpu')
    expect(model.metrics['valLoss']).toBeGreaterThan(0)
    expect(model.params).toMatchObject({ variant: 'dense', side: 16, latent: 4, hidden: '16', epochs: 2 })
    expect(model.featureSetId).toBe(r.featureSetId)

    const set = lib.featureSets.get(r.featureSetId!)!
    expect(set).toMatchObject({ origin: 'model', method: 'autoencoder', dimension: 4, vectorCount: 2 * PER_GROUP, complete: true })
    expect(set.params).toEqual({ modelId: r.modelId })
    const matrix = lib.featureSets.loadMatrix(set.id)
    expect(matrix.rows * matrix.cols).toBe(2 * PER_GROUP * 4)
    expect(new Set(Array.from({ length: matrix.rows }, (_, i) => matrix.data[i * 4])).size).toBeGreaterThan(1)

    const sets = featureSetsOf(lib, datasetId)
    expect(sets.find((s) => s.isDefault)?.origin).toBe('import')

    // The network was saved in TensorFlow.js format beside its checkpoints, in a private folder.
    const folder = join(dir, 'ae', 'models', String(r.modelId))
    expect(statSync(folder).mode & 0o777).toBe(0o700)
    expect(readdirSync(join(folder, 'encoder')).sort()).toEqual(['model.json', 'weights.bin'])
    expect(readdirSync(join(folder, 'checkpoint')).sort()).toEqual(['best.ckpt', 'last.ckpt'])

    const run = await launchRun(lib, createRunJob(lib, checkRunRequest(lib, { datasetId, featureSetId: set.id, settings: { reduce: { method: 'pca' }, cluster: { algo: 'kmeans', k: 2 } } })))
    expect(run.state, run.error?.message).toBe('done')
    expect(run.result?.nClusters).toBe(2)

    // Embedding again with the saved encoder gives the vectors training stored.
    const again = await launchEmbed(lib, createEmbedJob(lib, await checkEmbedRequest(lib, { datasetId, modelId: r.modelId })))
    expect(again.state, again.error?.message).toBe('done')
    const redone = lib.featureSets.loadMatrix(again.result!.featureSetId)
    expect(Array.from(redone.itemIds)).toEqual(Array.from(matrix.itemIds))
    Array.from(redone.data).forEach((v, i) => expect(v).toBeCloseTo(matrix.data[i]!, 4))
  }, 120_000)

  it('stops on cancel with the checkpoint kept, and a resumed training finishes every epoch', async () => {
    const lib = openLib('cancel')
    const datasetId = await importFolder(lib, bars)
    const EPOCHS = 30
    // No early stop: the resumed training must run to the last epoch.
    const p = checkTrainRequest(lib, { datasetId, kind: 'autoencoder', epochs: EPOCHS, params: { ...AUTOENCODER, patience: 0 }, backend: 'cpu' })
    const job = createTrainJob(lib, p)
    const off = lib.bus.on('models:changed', () => {
      if ((models(lib).get(p.modelId)?.curve.length ?? 0) >= 1) void lib.runner.cancel(job.id)
    })
    const cancelled = await launchTrain(lib, job)
    off()
    expect(cancelled.state).toBe('cancelled')
    expect(cancelled.error?.message).toContain(`--resume ${p.modelId}`)
    const stopped = models(lib).get(p.modelId)!
    expect(stopped.state).toBe('cancelled')
    const kept = stopped.curve.length
    expect(kept).toBeGreaterThanOrEqual(1)
    expect(kept).toBeLessThan(EPOCHS)
    expect(stopped.featureSetId).toBeNull()

    const resumed = await train(lib, { datasetId, kind: 'autoencoder', resumeModelId: p.modelId })
    expect(resumed.state, resumed.error?.message).toBe('done')
    const done = models(lib).get(p.modelId)!
    expect(done.state).toBe('ready')
    expect(done.curve.map((c) => c.epoch)).toEqual(Array.from({ length: EPOCHS }, (_, i) => i + 1))
    // The epochs before the cancel are the ones the first job trained, not trained again.
    expect(done.curve.slice(0, kept).map((c) => c.loss)).toEqual(stopped.curve.map((c) => c.loss))
    expect(lib.featureSets.get(done.featureSetId!)?.vectorCount).toBe(2 * PER_GROUP)
  }, 120_000)

  it('shows a model left training by a killed process as cancelled, so it can be resumed', async () => {
    const lib = openLib('killed')
    const datasetId = await importFolder(lib, bars)
    // The request makes the model row; no job runs it, as after a crash.
    const p = checkTrainRequest(lib, { datasetId, kind: 'autoencoder', epochs: 1, params: AUTOENCODER, backend: 'cpu' })
    const record = models(lib).get(p.modelId)!
    expect(record.state).toBe('training')
    expect(modelInfo(lib, record).state).toBe('cancelled')
    const resumed = await train(lib, { datasetId, kind: 'autoencoder', resumeModelId: p.modelId })
    expect(resumed.state, resumed.error?.message).toBe('done')
    // No backend was recorded for a training that never ran an epoch: the fastest with every kernel
    // the model needs, WebAssembly here (its contrastive term picks rows without gather).
    expect(resumed.result?.backend.name).toBe('wasm')
  }, 60_000)

  it('refuses to resume a model that has finished', async () => {
    const lib = openLib('finished')
    const datasetId = await importFolder(lib, bars)
    const job = await train(lib, { datasetId, kind: 'autoencoder', epochs: 1, params: AUTOENCODER, backend: 'cpu' })
    expect(() => checkTrainRequest(lib, { datasetId, kind: 'autoencoder', resumeModelId: job.result!.modelId })).toThrow(/has finished training/)
  }, 60_000)
})

describe('training a Siamese network as a job', () => {
  it('learns from the sub-folder groups and records its held-out measures, and compares two items', async () => {
    const lib = openLib('siamese')
    const datasetId = await importFolder(lib, bars)
    // No backend forced: the fastest one that has every kernel the tower needs.
    const job = await train(lib, { datasetId, kind: 'siamese', labels: 'groups', epochs: 3, params: SIAMESE })
    expect(job.state, job.error?.message).toBe('done')
    const model = models(lib).get(job.result!.modelId)!
    expect(model.curve).toHaveLength(3)
    // On a folder whose default feature set is complete, the head on that set (preset C) is the default.
    const defaultSet = featureSetsOf(lib, datasetId).find((s) => s.isDefault)!
    expect(model.params).toMatchObject({ preset: 'C', latent: 8, labels: 'groups', inputFeatureSetId: defaultSet.id })
    expect(model.reason).toMatch(/learns from the default feature set rather than the pixels/)
    expect(Object.keys(model.metrics).sort()).toEqual(['auc', 'recallAt1', 'threshold', 'tripletAccuracy', 'validationItems'])
    expect(model.metrics['validationItems']).toBe(4)
    for (const k of ['auc', 'recallAt1', 'tripletAccuracy']) {
      expect(model.metrics[k]).toBeGreaterThanOrEqual(0)
      expect(model.metrics[k]).toBeLessThanOrEqual(1)
    }
    const set = lib.featureSets.get(model.featureSetId!)!
    expect(set).toMatchObject({ origin: 'model', method: 'siamese', dimension: 8, vectorCount: 2 * PER_GROUP })
    // The embeddings are normalised to unit length.
    const m = lib.featureSets.loadMatrix(set.id)
    expect(Math.hypot(...m.data.subarray(0, 8))).toBeCloseTo(1, 4)

    const [a, b] = [m.itemIds[0]!, m.itemIds[1]!]
    const same = compareItems(lib, model.id, a, a)
    expect(same.distance).toBeCloseTo(0, 5)
    expect(same.similar).toBe(true)
    const pair = compareItems(lib, model.id, a, b)
    expect(pair.similarity).toBeGreaterThanOrEqual(0)
    expect(pair.similarity).toBeLessThanOrEqual(1)
    expect(pair.threshold).toBe(model.metrics['threshold'])
    expect(pair.similar).toBe(pair.distance <= pair.threshold!)

    const run = await launchRun(lib, createRunJob(lib, checkRunRequest(lib, { datasetId, featureSetId: set.id, settings: { reduce: { method: 'pca' }, cluster: { algo: 'kmeans', k: 2 } } })))
    expect(run.state, run.error?.message).toBe('done')

    // Removing the model deletes its folder and row; its feature set stays for the runs that used it.
    expect(await removeModel(lib, model.id)).toBe(true)
    expect(models(lib).get(model.id)).toBeUndefined()
    expect(() => statSync(join(dir, 'siamese', 'models', String(model.id)))).toThrow()
    expect(lib.featureSets.get(set.id)).toBeDefined()
  }, 120_000)

  it('learns from the pixels when the user picks an image tower, or when the default set is not complete', async () => {
    const lib = openLib('siamese-pixels')
    const datasetId = await importFolder(lib, bars)
    const a = checkTrainRequest(lib, { datasetId, kind: 'siamese', epochs: 1, params: { preset: 'A' } })
    expect(a.params).toMatchObject({ preset: 'A', side: 28 })
    expect(a.params['inputFeatureSetId']).toBeUndefined()
    const c = checkTrainRequest(lib, { datasetId, kind: 'siamese', epochs: 1 })
    expect(c.params).toMatchObject({ preset: 'C', inputFeatureSetId: featureSetsOf(lib, datasetId).find((s) => s.isDefault)!.id })
    // Without a complete default set there is nothing to put a head on: the pixels, as before.
    lib.db.prepare('DELETE FROM feature_sets WHERE dataset_id = ?').run(datasetId)
    const none = checkTrainRequest(lib, { datasetId, kind: 'siamese', epochs: 1 })
    expect(none.params['preset']).not.toBe('C')
    expect(none.params['inputFeatureSetId']).toBeUndefined()
  }, 60_000)

  it('says what to do when the dataset has fewer than two groups', async () => {
    const lib = openLib('flat')
    const datasetId = await importFolder(lib, flat)
    expect(() => checkTrainRequest(lib, { datasetId, kind: 'siamese', epochs: 1 })).toThrow(/has only one group\. Put the images in sub-folders, one per kind/)
    expect(models(lib).list()).toEqual([])
  }, 60_000)

  it('refuses parameters a model does not have, or values out of range', async () => {
    const lib = openLib('params')
    const datasetId = await importFolder(lib, flat)
    expect(() => checkTrainRequest(lib, { datasetId, kind: 'autoencoder', params: { depth: 3 } })).toThrow(/has no parameter "depth"; its parameters are/)
    expect(() => checkTrainRequest(lib, { datasetId, kind: 'autoencoder', params: { latent: 0 } })).toThrow(/latent must lie between 1 and 4096/)
    expect(() => checkTrainRequest(lib, { datasetId, kind: 'autoencoder', params: { variant: 'conv', side: 20 } })).toThrow(/multiple of 8/)
  }, 60_000)
})

describe('embedding with an ONNX file', () => {
  it('registers the file as a model and stores the hand-computed vectors, counting the file it cannot read', async () => {
    const lib = openLib('onnx')
    const datasetId = await importFolder(lib, colours)
    // Read by the import, gone by the time the model reads it: a failure of this job.
    rmSync(join(colours, 'gone.png'))
    const modelPath = writeModel(join(dir, 'tiny.onnx'), tinyImageModel())
    writeFileSync(`${modelPath}.likeness.json`, JSON.stringify({ size: 4, mean: [0, 0, 0], std: [1, 1, 1], scale: 255, resize: 'squash', name: 'Tiny test encoder' }))
    await expect(checkEmbedRequest(lib, { datasetId, onnxPath: join(dir, 'missing.onnx') })).rejects.toThrow(/There is no file/)
    await expect(checkEmbedRequest(lib, { datasetId, onnxPath: 'tiny.onnx' })).rejects.toThrow(/full path/)
    const job = await launchEmbed(lib, createEmbedJob(lib, await checkEmbedRequest(lib, { datasetId, onnxPath: modelPath })))
    expect(job.state, job.error?.message).toBe('done')
    const r = job.result!
    expect(r).toMatchObject({ vectors: 3, dimension: 2, failed: 1 })
    const model = models(lib).get(r.modelId!)!
    expect(model).toMatchObject({ kind: 'onnx', datasetId: null, label: 'Tiny test encoder', state: 'ready', onnxPath: modelPath })
    const set = lib.featureSets.get(r.featureSetId)!
    expect(set).toMatchObject({ origin: 'model', method: 'onnx', dimension: 2, failedCount: 1, complete: true })
    const m = lib.featureSets.loadMatrix(r.featureSetId)
    const rgb = [[255, 0, 0], [0, 255, 128], [32, 64, 192]].map((c) => c.map((v) => v / 255))
    rgb.forEach(([red, green, blue], row) => {
      const want = [0, 1].map((o) => red! * TINY_WEIGHT[o]! + green! * TINY_WEIGHT[2 + o]! + blue! * TINY_WEIGHT[4 + o]! + TINY_BIAS[o]!)
      expect(m.data[row * 2]).toBeCloseTo(want[0]!, 4)
      expect(m.data[row * 2 + 1]).toBeCloseTo(want[1]!, 4)
    })
    // The same file again is the same model.
    expect((await checkEmbedRequest(lib, { datasetId, onnxPath: modelPath })).modelId).toBe(model.id)
  }, 60_000)
})
