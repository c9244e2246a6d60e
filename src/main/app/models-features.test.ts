// Models that learn from a feature set: a CSV with a label column imported through the app's file
// import, a Siamese head (preset C) and a dense autoencoder trained on its vectors in a thread on the
// JS backend, their embeddings stored as feature sets, and embedding again with the saved model.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Library } from './library'
import { createFileImportJob } from './file-import'
import { launchEmbed, launchImport, launchTrain } from './services'
import { checkTrainRequest, createTrainJob } from './models-service'
import { checkEmbedRequest, createEmbedJob } from './models-embed'
import { models } from './model-store'
import { twoClouds } from '../engine/nn/siamese-test-data'
import { createSiameseTrainer } from '../engine/nn/siamese'
import { sampleTriplets } from '../engine/nn/pairs'
import { tripletAccuracy } from '../engine/nn/siamese-eval'
import { seededRandom } from '../engine/random'
import { splitRows } from '../jobs/train-work'
import type { FeatureMatrix } from '../store/repos/feature-sets'
import type { TrainRequest } from '../../shared/contract'

const PER_CLASS = 100
const DIM = 12
const SEED = 42
let dir: string
let lib: Library
let datasetId: number
let inputSetId: number

/** Two classes apart in two of twelve columns, drowned in noise in the others; the label column last. */
function cloudsCsv(): string {
  const { data, labels } = twoClouds(PER_CLASS, DIM, 11)
  const lines = [[...Array.from({ length: DIM }, (_, d) => `x${d}`), 'kind'].join(',')]
  for (let r = 0; r < labels.length; r++) lines.push([...Array.from(data.data.subarray(r * DIM, (r + 1) * DIM), (v) => v.toFixed(5)), labels[r] === 0 ? 'east' : 'west'].join(','))
  return `${lines.join('\n')}\n`
}

async function train(req: TrainRequest) {
  const job = await launchTrain(lib, createTrainJob(lib, checkTrainRequest(lib, req)))
  expect(job.state, job.error?.message).toBe('done')
  return models(lib).get(job.result!.modelId)!
}

/** The class of each row of a matrix, from its item's group (the label column). */
function classesOf(m: FeatureMatrix): Int32Array {
  const stmt = lib.db.prepare('SELECT grp FROM items WHERE id = ?')
  return Int32Array.from(m.itemIds, (id) => ((stmt.get(id) as { grp: string }).grp === 'east' ? 0 : 1))
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'likeness-models-features-'))
  lib = new Library(join(dir, 'library.sqlite'), { workers: 1 })
  const file = join(dir, 'clouds.csv')
  writeFileSync(file, cloudsCsv())
  const job = await launchImport(lib, createFileImportJob(lib, file))
  expect(job.state).toBe('done')
  datasetId = job.datasetId!
  inputSetId = lib.featureSets.list(datasetId)[0]!.id
}, 60_000)

afterAll(async () => {
  await lib.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('a Siamese head trained on a vectors dataset with a label column', () => {
  it('learns from the default feature set with preset C, embeds every item, tells the classes apart on held-out rows, and embeds again to the same vectors', async () => {
    const model = await train({ datasetId, kind: 'siamese', epochs: 8, backend: 'cpu', params: { perClass: 16, learningRate: 3e-3 } })
    expect(model.params).toMatchObject({ preset: 'C', widths: '256', latent: 64, inputFeatureSetId: inputSetId })
    expect(model.reason).toMatch(/head \(256 units to 64 values\) learns on top of the 12 values of feature set \d+ \(From the file\), standardised/)
    expect(model.label).toBe('Siamese head (triplet, 64 values)')

    const stored = lib.featureSets.loadMatrix(model.featureSetId!)
    const input = lib.featureSets.loadMatrix(inputSetId)
    expect(stored.rows).toBe(2 * PER_CLASS)
    expect(stored.cols).toBe(64)
    expect(Array.from(stored.itemIds)).toEqual(Array.from(input.itemIds))
    expect(lib.featureSets.get(model.featureSetId!)!.origin).toBe('model')

    // The rows training held out (the same seeded split the thread made), as triplets.
    const labels = classesOf(input)
    const { val } = splitRows(input.rows, SEED, labels)
    expect(val.length).toBe(20)
    const triplets = sampleTriplets(labels, val, 400, seededRandom(5))
    const learned = tripletAccuracy(stored.data, 64, triplets)
    // An untrained head of the same design on the same standardised inputs misses the bound.
    const random = createSiameseTrainer({ data: { data: input.data, rows: input.rows, cols: DIM }, labels, preset: 'C', widths: [256], outputDim: 64, loss: 'triplet', mining: 'semi-hard', epochs: 1, seed: SEED })
    const before = tripletAccuracy(await random.embed(), 64, triplets)
    random.dispose()
    expect(before).toBeLessThan(0.8)
    expect(learned).toBeGreaterThan(0.9)
    expect(model.metrics['tripletAccuracy']).toBeGreaterThan(0.9)

    const embedded = await launchEmbed(lib, createEmbedJob(lib, await checkEmbedRequest(lib, { datasetId, modelId: model.id })))
    expect(embedded.state, embedded.error?.message).toBe('done')
    const again = lib.featureSets.loadMatrix(embedded.result!.featureSetId)
    expect(Array.from(again.itemIds)).toEqual(Array.from(stored.itemIds))
    let worst = 0
    for (let k = 0; k < again.data.length; k++) worst = Math.max(worst, Math.abs(again.data[k]! - stored.data[k]!))
    expect(worst).toBeLessThan(1e-4)
  }, 120_000)

  it('refuses to embed when items lack a vector of the model’s feature set, saying to compute it first', async () => {
    const model = models(lib).list().find((m) => m.kind === 'siamese' && m.state === 'ready')!
    const input = lib.featureSets.loadMatrix(inputSetId)
    const first = input.itemIds[0]!
    lib.featureSets.deleteVectors(inputSetId, [first])
    try {
      await expect(checkEmbedRequest(lib, { datasetId, modelId: model.id })).rejects.toThrow(/1 of 200 items of clouds\.csv have no vector in feature set \d+ \(From the file\): compute feature set \d+ \(From the file\) for the new images first/)
    } finally {
      lib.featureSets.putVectors(inputSetId, DIM, [{ itemId: first, vector: input.data.slice(0, DIM) }])
    }
  })

  it('refuses preset B on a feature set and preset C on images, naming what to choose', () => {
    expect(() => checkTrainRequest(lib, { datasetId, kind: 'siamese', params: { preset: 'B' } })).toThrow(/Preset B is a convolutional tower for images; on a feature set use preset C/)
    expect(() => checkTrainRequest(lib, { datasetId, kind: 'autoencoder', params: { variant: 'conv' } })).toThrow(/convolutional autoencoder needs images/)
    expect(() => checkTrainRequest(lib, { datasetId, kind: 'siamese', featureSetId: 9999 })).toThrow(/Feature set 9999 does not belong to clouds\.csv/)
  })
})

describe('a vectors dataset without a label column', () => {
  it('trains an autoencoder but refuses a Siamese network, naming the label column', async () => {
    const file = join(dir, 'plain.csv')
    writeFileSync(file, `a,b,c\n${Array.from({ length: 12 }, (_, i) => `${i},${i % 3},${(i * 7) % 5}`).join('\n')}\n`)
    const job = await launchImport(lib, createFileImportJob(lib, file, { labelColumn: null }))
    expect(job.state).toBe('done')
    const plain = job.datasetId!
    expect(() => checkTrainRequest(lib, { datasetId: plain, kind: 'siamese' })).toThrow(/labelled groups \(sub-folder groups or the label column\), and plain\.csv has only one group\. Import the file again with its label column/)
    const p = checkTrainRequest(lib, { datasetId: plain, kind: 'autoencoder' })
    expect(p.params['inputFeatureSetId']).toBe(lib.featureSets.list(plain)[0]!.id)
  })
})

describe('an autoencoder trained on a feature set', () => {
  it('uses the dense variant scaled to the input and lowers its loss', async () => {
    const model = await train({ datasetId, kind: 'autoencoder', featureSetId: inputSetId, epochs: 6, backend: 'cpu', params: { patience: 0 } })
    expect(model.params).toMatchObject({ variant: 'dense', hidden: '24,24,96', latent: 10, inputFeatureSetId: inputSetId })
    expect(model.params['side']).toBeUndefined()
    expect(model.curve).toHaveLength(6)
    // Reconstruction of ten noise columns through ten values: the loss falls, slowly, every epoch.
    expect(model.curve.every((c, i) => i === 0 || c.loss < model.curve[i - 1]!.loss)).toBe(true)
    expect(model.curve.at(-1)!.loss).toBeLessThan(model.curve[0]!.loss)
    expect(lib.featureSets.loadMatrix(model.featureSetId!).rows).toBe(2 * PER_CLASS)
  }, 120_000)
})
