/**
 * The training loop's checkpoints: after each epoch, `last.ckpt` holds the weights, the optimizer's
 * slots and the loop's state, so a resumed run continues bit for bit where it stopped; `best.ckpt`
 * holds the weights of the best epoch so far. Each is one file written atomically (model-files.ts).
 *
 * The optimizer is found by duck typing: a trainer that keeps its tf.Optimizer in an `optimizer`
 * property gets its slots saved (Trainer in trainer.ts needs no change for it). One deliberate
 * difference from tfjs's own Adam.setWeights: that recomputes the running powers β₁ᵗ, β₂ᵗ with pow,
 * which can differ from the running product in the last bit after enough steps, and a resumed run
 * would drift; the running values (any scalar variable the optimizer holds, e.g. accBeta1) are
 * stored and put back as they were.
 */
import path from 'node:path'
import { access } from 'node:fs/promises'
import { tf } from './tf'
import type { Trainer } from './trainer'
import { loadWeightList, saveWeightList, type NamedTensor } from './model-files'

export interface CurvePoint {
  epoch: number
  loss: number
  valLoss?: number
  seconds: number
}

export interface LoopState {
  /** Epochs completed. */
  epochs: number
  curve: CurvePoint[]
  bestEpoch: number
  bestLoss: number
  sinceBest: number
}

const WEIGHT = 'w/'
const SLOT = 'opt/'
const SCALAR = 'opt-scalar/'

function optimizerOf(trainer: Trainer): tf.Optimizer | null {
  const candidate = (trainer as { optimizer?: unknown }).optimizer
  // tfjs's Optimizer instanceof check reads properties of its operand: test for an object first.
  return typeof candidate === 'object' && candidate !== null && candidate instanceof tf.Optimizer ? candidate : null
}

function scalarVariables(optimizer: tf.Optimizer): [string, tf.Variable][] {
  return Object.entries(optimizer).filter((entry): entry is [string, tf.Variable] => entry[1] instanceof tf.Variable && entry[1].rank === 0)
}

export const lastFile = (dir: string): string => path.join(dir, 'last.ckpt')
export const bestFile = (dir: string): string => path.join(dir, 'best.ckpt')

export async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false
  )
}

export async function saveCheckpoint(dir: string, trainer: Trainer, state: LoopState): Promise<void> {
  const tensors: NamedTensor[] = trainer.weights().map((w, i) => ({ name: `${WEIGHT}${i}`, tensor: w }))
  const optimizer = optimizerOf(trainer)
  if (optimizer !== null) {
    const slots = await optimizer.getWeights()
    tensors.push(...slots.map((s, i) => ({ name: `${SLOT}${i}`, tensor: s.tensor })))
    tensors.push(...scalarVariables(optimizer).map(([key, v]) => ({ name: `${SCALAR}${key}`, tensor: v })))
    await saveWeightList(lastFile(dir), { state, slotNames: slots.map((s) => s.name) }, tensors)
    tf.dispose(slots[0]?.tensor) // the iteration count is a fresh scalar; the slots are the optimizer's own
    return
  }
  await saveWeightList(lastFile(dir), { state, slotNames: [] }, tensors)
}

/** Assigns saved weights into the trainer's variables, in order; disposes the saved tensors. */
export function assignWeights(trainer: Trainer, saved: tf.Tensor[]): void {
  const variables = trainer.weights()
  if (variables.length !== saved.length) {
    throw new Error(`The checkpoint holds ${saved.length} weight tensors but the model has ${variables.length}: it was saved from a different model. Start the training again without resuming.`)
  }
  variables.forEach((v, i) => v.assign(saved[i]!))
  tf.dispose(saved)
}

/** Puts a trainer back in the state of `last.ckpt` and returns the loop's state. */
export async function restoreCheckpoint(dir: string, trainer: Trainer): Promise<LoopState> {
  const { header, tensors } = await loadWeightList<{ state: LoopState; slotNames: string[] }>(lastFile(dir))
  assignWeights(
    trainer,
    tensors.filter((t) => t.name.startsWith(WEIGHT)).map((t) => t.tensor)
  )
  const slots = tensors.filter((t) => t.name.startsWith(SLOT))
  const optimizer = optimizerOf(trainer)
  if (optimizer !== null && slots.length > 0) {
    await optimizer.setWeights(slots.map((t, i) => ({ name: header.slotNames[i]!, tensor: t.tensor })))
    const scalars = new Map(scalarVariables(optimizer))
    for (const t of tensors.filter((x) => x.name.startsWith(SCALAR))) scalars.get(t.name.slice(SCALAR.length))?.assign(t.tensor)
  }
  tf.dispose(tensors.filter((t) => !t.name.startsWith(WEIGHT)).map((t) => t.tensor))
  return header.state
}

export async function saveBest(dir: string, weights: tf.Tensor[]): Promise<void> {
  await saveWeightList(bestFile(dir), {}, weights.map((tensor, i) => ({ name: `${WEIGHT}${i}`, tensor })))
}

export async function loadBest(dir: string): Promise<tf.Tensor[] | null> {
  if (!(await exists(bestFile(dir)))) return null
  return (await loadWeightList(bestFile(dir))).tensors.map((t) => t.tensor)
}
