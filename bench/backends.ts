/**
 * `backends`: one training step of each neural model on every TensorFlow.js backend that loads here
 * (availableBackends), against the plain JS CPU backend measured in the same run. Every backend gets
 * the same seed (so the same initial weights) and the same batch of MNIST training digits; the first
 * step's loss is compared with the CPU's (`loss_delta` = |loss − cpu loss| / cpu loss), and
 * `images_per_s` is the median over several steps after a warm-up step. Models: the dense (N2D)
 * autoencoder on the 28 × 28 pixel vector, the convolutional autoencoder at 32 px and the Siamese
 * preset A tower (the reference MLP) on the 784-d pixel vector with the app's loss and mining.
 * Backends that do not load are listed with the reason; a model whose kernels a backend lacks is
 * listed with that reason instead of a figure.
 *
 * WebGPU in Node runs on Dawn; on a machine without a GPU driver it can use Chromium's SwiftShader,
 * a software Vulkan driver: then WebGPU here is a CPU in disguise, which the result says.
 */
import { tf } from '../src/main/engine/nn/tf'
import { availableBackends, selectBackend, type BackendName } from '../src/main/engine/nn/backends'
import { createAutoencoderTrainer, autoencoderKernels, type AutoencoderData } from '../src/main/engine/nn/autoencoder'
import { convDefaults, denseDefaults, type AutoencoderParams } from '../src/main/engine/nn/autoencoder-params'
import { createSiameseTrainer } from '../src/main/engine/nn/siamese'
import type { Trainer } from '../src/main/engine/nn/trainer'
import { readMnist } from '../scripts/mnist.mjs'
import { machine, median, progress, round, useSoftwareWebgpuWhenNoDriver, type BenchArgs } from './harness'
import { appSiameseDefaults } from './siamese'

const BATCH = 64
const CONV_BATCH = 4
const TIMED_STEPS = 3

interface ModelCase {
  model: string
  /** Images a step: the JS backend's transposed convolutions take seconds an image. */
  batch: number
  needs: string[]
  create(seed: number): Trainer
}

interface Row {
  backend: BackendName
  device: string
  model: string
  batch: number
  images_per_s: number | null
  first_loss: number | null
  /** tf.getBackend() while the step ran: the loss delta means something only if this is the backend. */
  active_backend?: string
  loss_delta: number | null
  step_seconds: number[]
  skipped?: string
}

export async function run(args: BenchArgs): Promise<Record<string, unknown>> {
  const webgpuNote = useSoftwareWebgpuWhenNoDriver()
  const train = readMnist('train')
  const n = BATCH
  const pixels = train.images.pixels.slice(0, n * 784)
  const labels = Int32Array.from(train.labels.subarray(0, n))
  const images: AutoencoderData = { data: pixels, rows: n, height: 28, width: 28, channels: 1 }
  const vectors = { data: Float32Array.from(pixels, (p) => p / 255), rows: n, cols: 784 }
  const dense = denseDefaults(28)
  const conv = convDefaults(32)
  const { batchSize: _appBatch, ...siamese } = appSiameseDefaults().options
  // As the app asks: the kernels a step runs, the contrastive term's included.
  const aeNeeds = (p: AutoencoderParams): string[] => autoencoderKernels(images, p)
  const cases: ModelCase[] = [
    { model: 'dense autoencoder (N2D, 28 px)', batch: BATCH, needs: aeNeeds(dense), create: (seed) => createAutoencoderTrainer(images, dense, seed) },
    { model: 'conv autoencoder (32 px)', batch: CONV_BATCH, needs: aeNeeds(conv), create: (seed) => createAutoencoderTrainer(images, conv, seed) },
    {
      model: 'siamese preset A',
      batch: BATCH,
      needs: ['BatchMatMul', 'Relu'],
      create: (seed) =>
        createSiameseTrainer({ data: vectors, labels, epochs: 10, seed, ...siamese })
    }
  ]

  const backends = await availableBackends()
  for (const b of backends) progress(`${b.name}: ${b.available ? `loads (${b.detail})` : `does not load: ${b.detail}`}`)
  // CPU first: every other backend is compared with it.
  const usable = backends.filter((b) => b.available).sort((a, b) => (a.name === 'cpu' ? -1 : b.name === 'cpu' ? 1 : 0))
  const rows: Row[] = []
  const cpuLoss = new Map<string, number>()
  for (const backend of usable) {
    for (const c of cases) {
      const base = { backend: backend.name, device: backend.detail, model: c.model, batch: c.batch }
      const batch = Int32Array.from({ length: c.batch }, (_, i) => i)
      try {
        await selectBackend({ force: backend.name, needs: c.needs })
      } catch (error) {
        const why = (error as Error).message.replace(/^The \S+ backend cannot be used: /, '').split('. Backends available')[0]!
        rows.push({ ...base, images_per_s: null, first_loss: null, loss_delta: null, step_seconds: [], skipped: why })
        progress(`${backend.name} · ${c.model}: skipped, ${why}`)
        continue
      }
      const seconds: number[] = []
      let first = NaN
      let trainer: Trainer | null = null
      let active: string
      try {
        trainer = c.create(args.seed)
        active = tf.getBackend()
        for (let step = 0; step <= TIMED_STEPS; step++) {
          const t0 = performance.now()
          const loss = await trainer.trainBatch(batch, 0)
          const s = (performance.now() - t0) / 1000
          if (step === 0) first = loss
          else seconds.push(s)
        }
      } catch (error) {
        const why = `failed: ${(error as Error).message.split('\n')[0]}`
        rows.push({ ...base, images_per_s: null, first_loss: null, loss_delta: null, step_seconds: [], skipped: why })
        progress(`${backend.name} · ${c.model}: ${why}`)
        continue
      } finally {
        trainer?.dispose()
      }
      if (backend.name === 'cpu') cpuLoss.set(c.model, first)
      const reference = cpuLoss.get(c.model)
      const row: Row = {
        ...base,
        images_per_s: round(c.batch / median(seconds), 1),
        active_backend: active,
        first_loss: first,
        loss_delta: reference === undefined ? null : Math.abs(first - reference) / Math.abs(reference),
        step_seconds: seconds.map((s) => round(s, 3))
      }
      rows.push(row)
      progress(`${backend.name} · ${c.model}: ${row.images_per_s} images/s, first loss ${first.toPrecision(6)}, delta ${row.loss_delta?.toExponential(2) ?? 'n/a'}`)
    }
  }
  await tf.setBackend('cpu')
  for (const r of rows) {
    const cpu = rows.find((x) => x.backend === 'cpu' && x.model === r.model)
    Object.assign(r, { speedup_vs_cpu: cpu?.images_per_s && r.images_per_s ? round(r.images_per_s / cpu.images_per_s, 2) : null })
  }
  return {
    seed: args.seed,
    timed_steps: TIMED_STEPS,
    ...machine(),
    webgpu_note: webgpuNote,
    not_loaded: backends.filter((b) => !b.available).map((b) => ({ backend: b.name, why: b.detail })),
    results: rows
  }
}
