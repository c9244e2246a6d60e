import type { CurvePoint } from '../../../shared/contract'

/**
 * What a training job's progress line says, read back into numbers: the engine reports
 * "Epoch 3 of 20 · loss 0.0123" (with "· validation 0.0150" or "· val loss 0.0150" once it has one,
 * and sometimes how long is left), and the chart and the ETA are built from it.
 */
export interface TrainingPhase {
  epoch: number
  epochs: number
  loss: number | null
  valLoss: number | null
  /** Seconds left, when the line says so ("about 2 min left", "12 s left"). */
  etaSeconds: number | null
}

const NUMBER = String.raw`([0-9]*\.?[0-9]+(?:e[-+]?[0-9]+)?|NaN|Infinity)`
const EPOCH = /epoch\s+(\d+)\s*(?:of|\/)\s*(\d+)/i
const VAL_LOSS = new RegExp(String.raw`\b(?:val(?:idation)?)(?:[\s_-]*loss)?\s*[:=]?\s*${NUMBER}`, 'i')
// "loss" not preceded by "val " or "validation ": the training loss.
const LOSS = new RegExp(String.raw`(?<!val(?:idation)?[\s_-]*)\bloss\s*[:=]?\s*${NUMBER}`, 'i')
const ETA = /(?:about\s+)?(?:(\d+)\s*h\s*)?(?:(\d+)\s*min\s*)?(?:(\d+(?:\.\d+)?)\s*s\s*)?left/i

function number(text: string | undefined): number | null {
  if (text === undefined) return null
  const value = Number(text)
  return Number.isFinite(value) ? value : null
}

function etaOf(phase: string): number | null {
  const m = ETA.exec(phase)
  if (!m || (m[1] === undefined && m[2] === undefined && m[3] === undefined)) return null
  return Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0)
}

/** Null when the line is not about an epoch (loading the images, embedding them afterwards). */
export function parsePhase(phase: string): TrainingPhase | null {
  const epoch = EPOCH.exec(phase)
  if (!epoch) return null
  return {
    epoch: Number(epoch[1]),
    epochs: Number(epoch[2]),
    loss: number(LOSS.exec(phase)?.[1]),
    valLoss: number(VAL_LOSS.exec(phase)?.[1]),
    etaSeconds: etaOf(phase)
  }
}

/**
 * The curve as the progress lines draw it: an epoch's point is the last loss its lines reported,
 * and it joins the curve once a line of a later epoch arrives, or once the epoch's last batch is
 * done (`complete`), since mid-epoch the loss is only the mean of the batches so far.
 */
export class LiveCurve {
  #points = new Map<number, CurvePoint>()
  #pending: { epoch: number; loss: number; valLoss: number | null } | null = null

  /** Takes one progress report; returns whether the curve changed. */
  add(phase: TrainingPhase, complete: boolean): boolean {
    const before = this.#points.size
    const pending = this.#pending
    if (pending && pending.epoch < phase.epoch) this.#commit(pending)
    if (phase.loss !== null) {
      this.#pending = { epoch: phase.epoch, loss: phase.loss, valLoss: phase.valLoss }
      if (complete) this.#commit(this.#pending)
    }
    return this.#points.size !== before || (complete && phase.valLoss !== null)
  }

  get points(): CurvePoint[] {
    return [...this.#points.values()].sort((a, b) => a.epoch - b.epoch)
  }

  #commit(p: { epoch: number; loss: number; valLoss: number | null }): void {
    this.#points.set(p.epoch, { epoch: p.epoch, loss: p.loss, ...(p.valLoss === null ? {} : { valLoss: p.valLoss }), seconds: 0 })
  }
}

/**
 * The curve to draw: the model's stored one (the engine's own per-epoch numbers, validation
 * included) where it has at least as many epochs as the progress lines gave, else the live one.
 */
export function curveToShow(stored: readonly CurvePoint[] | undefined, live: readonly CurvePoint[]): readonly CurvePoint[] {
  if (stored && stored.length >= live.length) return stored
  return live
}

/**
 * Seconds left, from two progress readings of the epochs done (fractional: 2.5 is half-way
 * through the third) and when each was taken; null until the first reading is in the past.
 */
export function estimateEta(
  first: { epochs: number; at: number },
  now: { epochs: number; at: number },
  total: number
): number | null {
  const elapsed = (now.at - first.at) / 1000
  const progressed = now.epochs - first.epochs
  if (elapsed <= 0 || progressed <= 0) return null
  return Math.max(0, ((total - now.epochs) * elapsed) / progressed)
}

/** Epochs done, as a fraction: "Epoch 3 of 20" at batch 5 of 10 is 2.5. */
export function epochsDone(phase: TrainingPhase, done: number, total: number | null): number {
  const within = total && total > 0 ? Math.min(1, done / total) : 0
  return phase.epoch - 1 + within
}
