/**
 * The training loop every neural model shares (models implement Trainer, trainer.ts): epochs of
 * seeded random batches, progress, cancel, early stopping, checkpoints and keeping the best epoch.
 *
 * - Cancel is checked before each batch, so it takes effect within one batch; the checkpoint of the
 *   last whole epoch stays on disk and `resume: true` continues from it with the same weights,
 *   optimizer state and later batch order, giving the weights an uninterrupted run would have.
 * - The best epoch is judged on the validation loss when there is validation data, else on the
 *   training loss; its weights are restored at the end (as Keras' restore_best_weights) and saved as
 *   `best.ckpt`. An epoch counts as better only when it improves on the best by more than minDelta.
 * - A non-finite loss stops the run with an error naming the epoch and batch.
 */
import { tf } from './tf'
import type { Trainer } from './trainer'
import { epochOrder, throttle } from './train-order'
import { assignWeights, exists, lastFile, loadBest, restoreCheckpoint, saveBest, saveCheckpoint, type CurvePoint, type LoopState } from './train-checkpoint'

export type { CurvePoint } from './train-checkpoint'

export interface TrainProgress {
  epoch: number
  epochs: number
  batch: number
  batches: number
  loss: number
  valLoss?: number
  secondsPerEpoch: number
  etaSeconds: number
}

export interface TrainLoopOptions {
  trainRows: Int32Array
  validationRows?: Int32Array
  batchSize: number
  epochs: number
  seed: number
  signal?: AbortSignal
  onProgress?(progress: TrainProgress): void
  earlyStop?: { patience: number; minDelta: number }
  checkpoint?: { dir: string }
  /** Continue from checkpoint.dir's last saved epoch (starts afresh when there is none). */
  resume?: boolean
  /** The backend name for the result, e.g. selectBackend's report name; defaults to tf.getBackend(). */
  backend?: string
  /** Clock in milliseconds; injectable for tests. */
  now?: () => number
}

export interface TrainLoopResult {
  curve: CurvePoint[]
  bestEpoch: number
  stopped: 'done' | 'early' | 'cancelled'
  backend: string
}

const PROGRESS_INTERVAL_MS = 100

async function meanLoss(trainer: Trainer, rows: Int32Array, batchSize: number): Promise<number | undefined> {
  if (trainer.evaluate === undefined || rows.length === 0) return undefined
  let sum = 0
  for (let start = 0; start < rows.length; start += batchSize) {
    const batch = rows.subarray(start, Math.min(rows.length, start + batchSize))
    sum += (await trainer.evaluate(batch)) * batch.length
  }
  return sum / rows.length
}

function keepCopy(weights: tf.Variable[]): tf.Tensor[] {
  return weights.map((w) => tf.keep(w.clone()))
}

export async function trainLoop(trainer: Trainer, options: TrainLoopOptions): Promise<TrainLoopResult> {
  const { trainRows, batchSize, epochs, seed, signal, onProgress, earlyStop, checkpoint } = options
  if (trainRows.length === 0) throw new Error('There are no rows to train on: import images or choose a feature set with items first.')
  if (!(batchSize >= 1)) throw new Error(`The batch size must be at least 1 (got ${batchSize}).`)
  const now = options.now ?? (() => performance.now())
  const backend = options.backend ?? tf.getBackend()
  const batches = Math.ceil(trainRows.length / batchSize)
  const minDelta = earlyStop?.minDelta ?? 0
  const paced = throttle(PROGRESS_INTERVAL_MS, now)

  let state: LoopState = { epochs: 0, curve: [], bestEpoch: -1, bestLoss: Infinity, sinceBest: 0 }
  let best: tf.Tensor[] | null = null
  if (options.resume === true && checkpoint !== undefined && (await exists(lastFile(checkpoint.dir)))) {
    state = await restoreCheckpoint(checkpoint.dir, trainer)
    best = await loadBest(checkpoint.dir)
  }

  let stopped: TrainLoopResult['stopped'] = 'done'
  let secondsThisRun = 0
  let epochsThisRun = 0
  try {
    for (let epoch = state.epochs; epoch < epochs; epoch++) {
      const started = now()
      const order = epochOrder(trainRows, seed, epoch)
      let sum = 0
      let seen = 0
      for (let b = 0; b < batches; b++) {
        if (signal?.aborted === true) {
          stopped = 'cancelled'
          break
        }
        const rows = order.subarray(b * batchSize, Math.min(order.length, (b + 1) * batchSize))
        const loss = await trainer.trainBatch(rows, epoch)
        if (!Number.isFinite(loss)) {
          throw new Error(`Training diverged at epoch ${epoch + 1}, batch ${b + 1}: the loss became ${loss}. Lower the learning rate (for example by a factor of 10) and train again.`)
        }
        sum += loss * rows.length
        seen += rows.length
        if (onProgress !== undefined && b < batches - 1 && paced()) {
          const perEpoch = epochsThisRun > 0 ? secondsThisRun / epochsThisRun : ((now() - started) / 1000) * (batches / (b + 1))
          const left = epochs - epoch - (b + 1) / batches
          onProgress({ epoch: epoch + 1, epochs, batch: b + 1, batches, loss: sum / seen, secondsPerEpoch: perEpoch, etaSeconds: perEpoch * left })
        }
      }
      if (stopped === 'cancelled') break

      const loss = sum / trainRows.length
      const valLoss = options.validationRows === undefined ? undefined : await meanLoss(trainer, options.validationRows, batchSize)
      const seconds = (now() - started) / 1000
      secondsThisRun += seconds
      epochsThisRun++
      const monitored = valLoss ?? loss
      state.curve.push(valLoss === undefined ? { epoch: epoch + 1, loss, seconds } : { epoch: epoch + 1, loss, valLoss, seconds })
      state.epochs = epoch + 1
      if (monitored < state.bestLoss - minDelta) {
        tf.dispose(best ?? [])
        best = keepCopy(trainer.weights())
        state.bestEpoch = epoch + 1
        state.bestLoss = monitored
        state.sinceBest = 0
        if (checkpoint !== undefined) await saveBest(checkpoint.dir, best)
      } else {
        state.sinceBest++
      }
      if (checkpoint !== undefined) await saveCheckpoint(checkpoint.dir, trainer, state)
      const perEpoch = secondsThisRun / epochsThisRun
      onProgress?.({ epoch: epoch + 1, epochs, batch: batches, batches, loss, ...(valLoss === undefined ? {} : { valLoss }), secondsPerEpoch: perEpoch, etaSeconds: perEpoch * (epochs - epoch - 1) })
      if (earlyStop !== undefined && state.sinceBest >= earlyStop.patience && epoch + 1 < epochs) {
        stopped = 'early'
        break
      }
    }
    if (best !== null) {
      assignWeights(trainer, best)
      best = null
    }
  } finally {
    tf.dispose(best ?? [])
  }
  return { curve: state.curve, bestEpoch: state.bestEpoch, stopped, backend }
}
