import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { ModelInfo } from '../../../../shared/contract'
import { Models } from './Models.svelte'
import { job, settle } from './test-support/fake-api'
import { toastMessages, useHarness } from './test-support/harness'

function model(id: number, over: Partial<ModelInfo> = {}): ModelInfo {
  return {
    id,
    datasetId: 1,
    kind: 'autoencoder',
    label: `Model ${id}`,
    params: {},
    reason: null,
    backend: null,
    curve: [],
    bestEpoch: null,
    metrics: {},
    state: 'ready',
    featureSetId: null,
    createdAt: '2026-01-01T00:00:00Z',
    scoreHistogram: null,
    ...over
  }
}

const report = { name: 'cpu' as const, device: 'CPU (JS)', skipped: [] }
const h = useHarness()
let models: Models
let stored: ModelInfo[]

beforeEach(() => {
  stored = [model(1)]
  h.api.answer('models:list', ({ datasetId }) => stored.filter((m) => m.datasetId === datasetId))
  h.api.answer('models:backends', report)
  models = h.track(new Models(h.api, h.jobs, h.toasts))
})

const trainLine = (phase: string, done: number, total = 4) =>
  job({ id: 9, datasetId: 1, progress: { phase, done, total } }, 'train')

describe('Models', () => {
  it('loads the models of the dataset shown and the backend report once', async () => {
    models.show(1)
    expect(models.models).toBeNull()
    await settle()
    expect(models.models?.map((m) => m.id)).toEqual([1])
    expect(models.backends).toEqual(report)
    models.show(2)
    await settle()
    expect(h.api.callsOf('models:backends')).toHaveLength(1)
  })

  it('starts a training that shows in the job bar, and draws its curve from the progress lines', async () => {
    models.show(1)
    await settle()
    h.api.answer('models:train', job({ id: 9, datasetId: 1 }, 'train'))
    expect(await models.train({ datasetId: 1, kind: 'autoencoder', epochs: 2 })).toBe(true)
    expect(h.jobs.busy(1, 'train')).toBe(true)
    expect(models.lastJobId).toBe(9)
    h.api.emit('job:progress', trainLine('Epoch 1 of 2 · loss 0.9', 2))
    expect(models.training(9)?.curve).toEqual([])
    h.api.emit('job:progress', trainLine('Epoch 1 of 2 · loss 0.7', 4))
    h.api.emit('job:progress', trainLine('Epoch 2 of 2 · loss 0.5', 2))
    expect(models.training(9)).toMatchObject({ epoch: 2, epochs: 2, curve: [{ epoch: 1, loss: 0.7 }] })
  })

  it('estimates the time left from the pace of the epochs', async () => {
    models.show(1)
    h.api.emit('job:progress', trainLine('Epoch 1 of 5 · loss 0.9', 0))
    vi.advanceTimersByTime(10_000)
    h.api.emit('job:progress', trainLine('Epoch 2 of 5 · loss 0.8', 0))
    // One epoch took 10 s, four are left.
    expect(models.training(9)?.etaSeconds).toBe(40)
  })

  it('refetches the models when an epoch ends and when the training finishes, not for every batch', async () => {
    models.show(1)
    await settle()
    const calls = (): number => h.api.callsOf('models:list').length
    await vi.advanceTimersByTimeAsync(5_000)
    h.api.emit('job:progress', trainLine('Epoch 1 of 2 · loss 0.9', 1))
    h.api.emit('job:progress', trainLine('Epoch 1 of 2 · loss 0.8', 2))
    await vi.advanceTimersByTimeAsync(5_000)
    expect(calls()).toBe(1)
    h.api.emit('job:progress', trainLine('Epoch 1 of 2 · loss 0.7', 4))
    await vi.advanceTimersByTimeAsync(5_000)
    expect(calls()).toBe(2)
    stored = [model(1), model(2, { curve: [{ epoch: 1, loss: 0.7, seconds: 1 }] })]
    h.api.emit('job:finished', job({ id: 9, datasetId: 1, state: 'done', updatedAt: '2026-01-01T00:00:02Z' }, 'train'))
    await settle()
    expect(calls()).toBe(3)
    expect(models.models?.map((m) => m.id)).toEqual([1, 2])
  })

  it('resumes a cancelled model by training it again from its checkpoint', async () => {
    h.api.answer('models:train', job({ id: 10, datasetId: 1 }, 'train'))
    await models.resume(model(4, { kind: 'siamese', state: 'cancelled' }))
    expect(h.api.callsOf('models:train')).toEqual([{ datasetId: 1, kind: 'siamese', resumeModelId: 4 }])
  })

  it('shows why the engine refused a training', async () => {
    h.api.fail('models:train', new Error('The dataset has no groups to learn from.'))
    expect(await models.train({ datasetId: 1, kind: 'siamese' })).toBe(false)
    expect(models.startError).toBe('The dataset has no groups to learn from.')
  })

  it('removes a model at once, and keeps it with a toast when the engine refuses', async () => {
    models.show(1)
    await settle()
    h.api.fail('models:remove', new Error('A run uses its feature set'))
    await models.remove(1)
    expect(models.models?.map((m) => m.id)).toEqual([1])
    expect(toastMessages(h.toasts)[0]).toMatch(/Could not remove the model/)
    h.api.answer('models:remove', { removed: true })
    await models.remove(1)
    expect(models.models).toEqual([])
  })

  it('refetches on a models event for its dataset or for pretrained models only', async () => {
    models.show(1)
    await settle()
    h.api.emit('models:changed', { datasetId: 2 })
    await settle()
    expect(h.api.callsOf('models:list')).toHaveLength(1)
    h.api.emit('models:changed', { datasetId: null })
    await settle()
    expect(h.api.callsOf('models:list')).toHaveLength(2)
  })
})
