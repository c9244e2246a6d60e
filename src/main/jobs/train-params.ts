/**
 * A model's parameters as one flat record (what the library stores, the contract shows and a user
 * overrides with `--param key=value`), the defaults chosen from the images, and the engine's
 * parameter objects built from the record. Lists (hidden widths, filters) are written "500,500,2000".
 */
import { typicalSide, type ImageSize } from '../engine/features/image-defaults'
import { autoencoderForImages, convDefaults, denseDefaults, type AutoencoderParams } from '../engine/nn/autoencoder-params'
import type { MiningKind } from '../engine/nn/siamese'
import type { TowerPreset } from '../engine/nn/towers'

export type FlatParams = Record<string, number | string | boolean>

export const DEFAULT_EPOCHS = 20
const DEFAULT_BATCH = 32
/**
 * Epochs without a better validation loss (training loss when nothing is held out) before training
 * stops early; the best epoch's weights are kept either way. 0 trains every epoch asked for.
 */
export const DEFAULT_PATIENCE = 5
/** The reference MLP tower reads 784 values: a 28 × 28 grey image. */
const MLP_SIDE = 28
const CNN_SIDE = 64

type Spec = { kind: 'int'; min: number; max: number } | { kind: 'number'; min: number; max: number } | { kind: 'enum'; values: readonly string[] } | { kind: 'list' } | { kind: 'bool' }

const COMMON: Record<string, Spec> = {
  latent: { kind: 'int', min: 1, max: 4096 },
  learningRate: { kind: 'number', min: 1e-8, max: 1 },
  batchSize: { kind: 'int', min: 1, max: 4096 },
  side: { kind: 'int', min: 4, max: 512 },
  patience: { kind: 'int', min: 0, max: 10_000 }
}

export const PARAM_SPECS: Record<'autoencoder' | 'siamese', Record<string, Spec>> = {
  autoencoder: {
    ...COMMON,
    variant: { kind: 'enum', values: ['dense', 'conv'] },
    hidden: { kind: 'list' },
    filters: { kind: 'list' },
    channels: { kind: 'enum', values: ['1', '3'] },
    contrastiveWeight: { kind: 'number', min: 0, max: 100 },
    contrastiveMargin: { kind: 'number', min: 0, max: 100 }
  },
  siamese: {
    ...COMMON,
    preset: { kind: 'enum', values: ['A', 'B', 'C'] },
    widths: { kind: 'list' },
    loss: { kind: 'enum', values: ['triplet', 'contrastive'] },
    mining: { kind: 'enum', values: ['batch-hard', 'semi-hard'] },
    perClass: { kind: 'int', min: 0, max: 4096 },
    attention: { kind: 'bool' },
    weightDecay: { kind: 'number', min: 0, max: 1 }
  }
}

export class ParamError extends Error {}

function checkValue(kind: string, name: string, spec: Spec, value: number | string | boolean): number | string | boolean {
  const bad = (what: string): never => {
    throw new ParamError(`The ${kind} parameter ${name} ${what}, not ${JSON.stringify(value)}.`)
  }
  switch (spec.kind) {
    case 'int':
    case 'number': {
      const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN
      if (!Number.isFinite(n) || (spec.kind === 'int' && !Number.isInteger(n))) bad(spec.kind === 'int' ? 'must be a whole number' : 'must be a number')
      if (n < spec.min || n > spec.max) bad(`must lie between ${spec.min} and ${spec.max}`)
      return n
    }
    case 'enum': {
      const s = String(value)
      if (!spec.values.includes(s)) bad(`must be one of ${spec.values.join(', ')}`)
      return s
    }
    case 'bool':
      if (value === true || value === 'true') return true
      if (value === false || value === 'false') return false
      return bad('must be true or false')
    case 'list': {
      const s = String(value)
      if (!/^\d+(,\d+)*$/.test(s) || s.split(',').some((x) => Number(x) < 1)) bad('must be positive whole numbers separated by commas, such as 64,32')
      return s
    }
  }
}

/** The user's parameters checked against the kind's; the error names the wrong one and what it takes. */
export function checkParams(kind: 'autoencoder' | 'siamese', params: FlatParams): FlatParams {
  const specs = PARAM_SPECS[kind]
  const out: FlatParams = {}
  for (const [name, value] of Object.entries(params)) {
    const spec = specs[name]
    if (!spec) throw new ParamError(`The ${kind} has no parameter "${name}"; its parameters are ${Object.keys(specs).join(', ')}.`)
    out[name] = checkValue(kind, name, spec, value)
  }
  return out
}

const list = (s: number[]): string => s.join(',')
const numbers = (s: number | string | boolean | undefined): number[] => String(s).split(',').map(Number)

/** The autoencoder's parameters for images of these sizes, flat, with the reason. */
function flatAutoencoder(p: AutoencoderParams): FlatParams {
  const common = { latent: p.latent, learningRate: p.learningRate, batchSize: DEFAULT_BATCH, patience: DEFAULT_PATIENCE, contrastiveWeight: p.contrastive?.weight ?? 0, contrastiveMargin: p.contrastive?.margin ?? 1 }
  return p.kind === 'dense'
    ? { variant: 'dense', side: p.side ?? MLP_SIDE, hidden: list(p.hidden), ...common }
    : { variant: 'conv', side: p.side, filters: list(p.filters), channels: '3', ...common }
}

/** The autoencoder's parameters for images of these sizes, flat, with the reason. */
export function autoencoderDefaults(sizes: readonly ImageSize[]): { params: FlatParams; reason: string } {
  const chosen = autoencoderForImages(sizes)
  return { params: flatAutoencoder(chosen.params), reason: chosen.reason }
}

/** Rows per group in each Siamese batch (K of P groups × K rows); 0 trains on plain random batches. */
const DEFAULT_PER_CLASS = 4
const tripletsReason = (what: 'image' | 'item'): string =>
  `with semi-hard mining (a random network trained on the hardest triplets collapses every ${what} to one point) on batches of ${DEFAULT_BATCH / DEFAULT_PER_CLASS} groups × ${DEFAULT_PER_CLASS} ${what}s, so every ${what} has others of its group to be pulled towards`
const TRIPLETS_REASON = tripletsReason('image')

/** The Siamese network's parameters for images of these sizes, flat, with the reason. */
export function siameseDefaults(sizes: readonly ImageSize[]): { params: FlatParams; reason: string } {
  const side = typicalSide(sizes)
  const common = { latent: 64, learningRate: 1e-3, batchSize: DEFAULT_BATCH, patience: DEFAULT_PATIENCE, loss: 'triplet', mining: 'semi-hard', perClass: DEFAULT_PER_CLASS, attention: false, weightDecay: 0 }
  if (side !== null && side <= 32) {
    return {
      params: { preset: 'A', side: MLP_SIDE, widths: '1024,512,128', ...common },
      reason: `The images are small (typical side ${Math.round(side)} px), so the reference MLP tower (1,024, 512 and 128 units to 64 values) learns from them in grey at ${MLP_SIDE} × ${MLP_SIDE} px, trained on triplets ${TRIPLETS_REASON}.`
    }
  }
  return {
    params: { preset: 'B', side: CNN_SIDE, widths: '16,32', ...common },
    reason: `The small convolutional tower (16 and 32 filters to 64 values) sees the images in grey at ${CNN_SIDE} px, where it keeps their layout and trains in minutes on a CPU; trained on triplets ${TRIPLETS_REASON}.`
  }
}

/** Hidden width of the autoencoder on a feature set: twice the input, between 16 and N2D's 500. */
const matrixWidth = (dim: number): number => Math.min(500, Math.max(16, 2 * dim))

/** The dense autoencoder's parameters for a feature set of `dim` values, flat, with the reason. */
export function autoencoderMatrixDefaults(dim: number, setName: string): { params: FlatParams; reason: string } {
  const width = matrixWidth(dim)
  const latent = Math.min(10, dim)
  const hidden = [width, width, Math.min(2000, 4 * width)]
  const p = { ...denseDefaults(), hidden, latent }
  const { side: _side, ...params } = flatAutoencoder(p)
  return {
    params,
    reason: `The dense N2D autoencoder learns from the ${dim} values of ${setName}, standardised per column, through ${hidden.map((h) => h.toLocaleString('en')).join(', ')} units (N2D's 500, 500 and 2,000 scaled to the input, at most those) to ${latent} values per item.`
  }
}

/** Preset C's hidden widths: one layer of 256, as towers.ts has it. */
const PRESET_C_WIDTHS = '256'

/** The Siamese network's parameters for a feature set of `dim` values, flat, with the reason. */
export function siameseMatrixDefaults(dim: number, setName: string): { params: FlatParams; reason: string } {
  const common = { latent: 64, learningRate: 1e-3, batchSize: DEFAULT_BATCH, patience: DEFAULT_PATIENCE, loss: 'triplet', mining: 'semi-hard', perClass: DEFAULT_PER_CLASS, attention: false, weightDecay: 0 }
  return {
    params: { preset: 'C', widths: PRESET_C_WIDTHS, ...common },
    reason: `A small head (256 units to ${common.latent} values) learns on top of the ${dim} values of ${setName}, standardised per column: the features already describe the items, so one hidden layer re-weighs them by the groups without forgetting them; trained on triplets ${tripletsReason('item')}.`
  }
}

/** What a model learns from: the images (their sizes), or a feature set's vectors. */
export type TrainInput = { sizes: readonly ImageSize[] } | { dim: number; setName: string }

const WIDTHS_OF_PRESET: Record<string, string> = { A: '1024,512,128', B: '16,32', C: PRESET_C_WIDTHS }

/** Defaults from the images or the feature set, overridden by the user's checked parameters. */
export function resolveParams(kind: 'autoencoder' | 'siamese', input: readonly ImageSize[] | TrainInput, user: FlatParams): { params: FlatParams; reason: string | null } {
  const checked = checkParams(kind, user)
  const from: TrainInput = Array.isArray(input) ? { sizes: input } : (input as TrainInput)
  const matrix = 'dim' in from
  if (matrix && kind === 'autoencoder' && checked['variant'] === 'conv') throw new ParamError('The convolutional autoencoder needs images; on a feature set use the dense one (variant dense), or train on the images.')
  if (matrix && kind === 'siamese' && checked['preset'] === 'B') throw new ParamError('Preset B is a convolutional tower for images; on a feature set use preset C (a head on the features) or A (the reference MLP).')
  if (!matrix && kind === 'siamese' && checked['preset'] === 'C') throw new ParamError('Preset C is a head on a feature set: choose the feature set to learn from (featureSetId, or --features on the command line), or use preset A or B on the images.')
  const defaults = matrix
    ? kind === 'autoencoder' ? autoencoderMatrixDefaults(from.dim, from.setName) : siameseMatrixDefaults(from.dim, from.setName)
    : kind === 'autoencoder' ? autoencoderDefaults(from.sizes) : siameseDefaults(from.sizes)
  // A variant or preset the user picks brings that design's own list of widths.
  if (!matrix && kind === 'autoencoder' && checked['variant'] !== undefined && checked['variant'] !== defaults.params['variant']) {
    const side = Number(checked['side'] ?? defaults.params['side'])
    defaults.params = flatAutoencoder(checked['variant'] === 'dense' ? denseDefaults(side) : convDefaults(side))
  }
  if (kind === 'siamese' && checked['preset'] !== undefined && checked['preset'] !== defaults.params['preset']) {
    defaults.params = { ...defaults.params, preset: checked['preset'], widths: WIDTHS_OF_PRESET[String(checked['preset'])]! }
  }
  const params = { ...defaults.params, ...checked }
  if (kind === 'autoencoder' && params['variant'] === 'conv') {
    const step = 2 ** numbers(params['filters']).length
    if (Number(params['side']) % step !== 0) throw new ParamError(`The convolutional autoencoder's side must be a multiple of ${step} (it halves the image ${Math.log2(step)} times); ${String(params['side'])} is not.`)
  }
  return { params, reason: Object.keys(checked).length === 0 ? defaults.reason : `${defaults.reason} Changed by the user: ${Object.keys(checked).join(', ')}.` }
}

/** The engine's autoencoder parameters from the flat record. */
export function autoencoderParams(p: FlatParams): AutoencoderParams {
  const weight = Number(p['contrastiveWeight'] ?? 0)
  const contrastive = weight > 0 ? { weight, margin: Number(p['contrastiveMargin'] ?? 1) } : null
  const common = { latent: Number(p['latent']), learningRate: Number(p['learningRate']), contrastive }
  if (p['variant'] === 'dense') return { kind: 'dense', hidden: numbers(p['hidden']), side: Number(p['side']), ...common }
  return { kind: 'conv', side: Number(p['side']), filters: numbers(p['filters']), channels: p['channels'] === '1' ? 1 : 3, ...common }
}

export interface SiameseSettings {
  preset: TowerPreset
  widths: number[]
  outputDim: number
  loss: 'triplet' | 'contrastive'
  mining: MiningKind
  /** Each batch as P groups × K rows (perClass); null for plain random batches. */
  pk: { classes: number; perClass: number } | null
  learningRate: number
  attention: boolean
  weightDecay: number
}

/** P × K from batchSize and perClass (missing in records saved before it existed: plain batches). */
function pkOf(p: FlatParams): SiameseSettings['pk'] {
  const perClass = Number(p['perClass'] ?? 0)
  if (!(perClass > 0)) return null
  return { classes: Math.max(2, Math.floor(Number(p['batchSize'] ?? DEFAULT_BATCH) / perClass)), perClass }
}

export function siameseSettings(p: FlatParams): SiameseSettings {
  return {
    preset: p['preset'] === 'B' || p['preset'] === 'C' ? p['preset'] : 'A',
    widths: numbers(p['widths']),
    outputDim: Number(p['latent']),
    loss: p['loss'] === 'contrastive' ? 'contrastive' : 'triplet',
    mining: p['mining'] === 'semi-hard' ? 'semi-hard' : 'batch-hard',
    pk: pkOf(p),
    learningRate: Number(p['learningRate']),
    attention: p['attention'] === true,
    weightDecay: Number(p['weightDecay'] ?? 0)
  }
}

/** How the model sees an image: its side, and grey (1) or colour (3). Dense autoencoders and Siamese towers read grey. */
export function inputOf(kind: 'autoencoder' | 'siamese', p: FlatParams): { side: number; channels: 1 | 3 } {
  const side = Number(p['side'])
  if (kind === 'autoencoder' && p['variant'] === 'conv') return { side, channels: p['channels'] === '1' ? 1 : 3 }
  return { side, channels: 1 }
}

/** A name a user reads: "Autoencoder (dense, latent 10)". */
export function modelLabel(kind: 'autoencoder' | 'siamese', p: FlatParams): string {
  if (kind === 'autoencoder') return `Autoencoder (${String(p['variant'])}, latent ${String(p['latent'])})`
  const tower = p['preset'] === 'B' ? 'CNN' : p['preset'] === 'C' ? 'head' : 'MLP'
  return `Siamese ${tower} (${String(p['loss'])}, ${String(p['latent'])} values)`
}
