import type { BackendName, DatasetSummary, EmbedRequest, FeatureSetInfo, TrainRequest } from '../../../shared/contract'
import { checkInt, type Checked } from './run-form'

/** "auto" leaves the choice to the app, which picks from the images and says why. */
export type Auto<T extends string> = T | 'auto'

export const AUTOENCODER_VARIANTS = ['auto', 'dense', 'conv'] as const
export const SIAMESE_PRESETS = ['auto', 'A', 'B', 'C'] as const
export const SIAMESE_LOSSES = ['triplet', 'contrastive'] as const
export const SIAMESE_MINING = ['batch-hard', 'semi-hard'] as const

/** What each tower preset is, as the select shows it. */
export const PRESET_LABELS: Record<(typeof SIAMESE_PRESETS)[number], string> = {
  auto: 'Chosen from the input',
  A: 'A · MLP 1024 → 512 → 128 → 64',
  B: 'B · small CNN on the images',
  C: 'C · head 256 → 64 on a feature set'
}

/**
 * What a model learns from, as the "Learn from" select holds it: 'images' (the files), a feature
 * set's id as text, or '' when a dataset without image files has no complete feature set yet.
 */
export type LearnSource = string

type DatasetShape = Pick<DatasetSummary, 'kind' | 'source'>

/** Only a folder of images has image files a model can read. */
export const hasImageFiles = (dataset: DatasetShape): boolean => dataset.kind === 'images' && dataset.source.type === 'folder'

/** "HOG (1,764 values)", "From the file + zscore (12 values)". */
function setLabel(set: FeatureSetInfo): string {
  return `${set.label}${set.post ? ` + ${set.post}` : ''} (${set.dimension.toLocaleString('en')} values)`
}

/** The select's options: the images (for a folder), then every complete feature set. */
export function learnSources(dataset: DatasetShape, sets: readonly FeatureSetInfo[] | null): { value: LearnSource; label: string }[] {
  const options = (sets ?? []).filter((s) => s.complete).map((s) => ({ value: String(s.id), label: setLabel(s) }))
  return hasImageFiles(dataset) ? [{ value: 'images', label: 'The images' }, ...options] : options
}

/** The images for a folder; otherwise the dataset's default feature set (a file's own vectors), else its first complete one. */
/**
 * What a model learns from unless the user picks: a folder's images for an autoencoder; for a
 * Siamese network on a folder, its complete default feature set when there is one (as the main
 * side chooses: a head on the features trains faster and better on a CPU than a tower on pixels);
 * a vector file's default set otherwise.
 */
export function defaultLearnSource(dataset: DatasetShape, sets: readonly FeatureSetInfo[] | null, kind: 'autoencoder' | 'siamese' = 'autoencoder'): LearnSource {
  const complete = (sets ?? []).filter((s) => s.complete)
  if (hasImageFiles(dataset)) {
    const set = kind === 'siamese' ? complete.find((s) => s.isDefault) : undefined
    return set ? String(set.id) : 'images'
  }
  const chosen = complete.find((s) => s.isDefault) ?? complete[0]
  return chosen ? String(chosen.id) : ''
}

const NO_SET = 'This dataset has no complete feature set to learn from yet: compute one above, then learn from it.'

/** The request's input: nothing for the images, the feature set's id otherwise. */
function inputOf(source: LearnSource): Checked<{ featureSetId?: number }> {
  if (source === 'images') return { ok: true, value: {} }
  if (!/^\d+$/.test(source)) return { ok: false, problem: NO_SET }
  return { ok: true, value: { featureSetId: Number(source) } }
}

export const EPOCH_RANGE = { min: 1, max: 1000 } as const
/** What the engine trains for when the field is left empty (jobs/train-params.ts), shown as the field's placeholder. */
export const DEFAULT_EPOCHS = 20
export const LATENT_RANGE = { min: 1, max: 4096 } as const

/** Empty number fields read as null: the app's choice. */
export interface AutoencoderDraft {
  variant: (typeof AUTOENCODER_VARIANTS)[number]
  latent: number | null
  epochs: number | null
  backend: BackendName | 'auto'
}

export interface SiameseDraft {
  preset: (typeof SIAMESE_PRESETS)[number]
  loss: (typeof SIAMESE_LOSSES)[number]
  mining: (typeof SIAMESE_MINING)[number]
  epochs: number | null
  backend: BackendName | 'auto'
}

export const AUTOENCODER_DRAFT: AutoencoderDraft = { variant: 'auto', latent: null, epochs: null, backend: 'auto' }
export const SIAMESE_DRAFT: SiameseDraft = { preset: 'auto', loss: 'triplet', mining: 'semi-hard', epochs: null, backend: 'auto' }

/** An empty field is the app's choice; anything typed must be a whole number in range. */
function optionalInt(name: string, value: number | null, range: { min: number; max: number }): Checked<number | undefined> {
  if (value === null || value === undefined) return { ok: true, value: undefined }
  return checkInt(name, value, range.min, range.max)
}

function withBackend(request: TrainRequest, backend: BackendName | 'auto'): TrainRequest {
  return backend === 'auto' ? request : { ...request, backend }
}

export function autoencoderRequest(datasetId: number, draft: AutoencoderDraft, source: LearnSource = 'images'): Checked<TrainRequest> {
  const input = inputOf(source)
  if (!input.ok) return input
  if (draft.variant === 'conv' && source !== 'images') return { ok: false, problem: 'The convolutional autoencoder reads images: choose Dense to learn from a feature set, or learn from the images.' }
  const latent = optionalInt('Latent size', draft.latent, LATENT_RANGE)
  if (!latent.ok) return latent
  const epochs = optionalInt('Epochs', draft.epochs, EPOCH_RANGE)
  if (!epochs.ok) return epochs
  const params: Record<string, string | number> = {}
  if (draft.variant !== 'auto') params['variant'] = draft.variant
  if (latent.value !== undefined) params['latent'] = latent.value
  const request: TrainRequest = {
    datasetId,
    kind: 'autoencoder',
    ...input.value,
    ...(Object.keys(params).length > 0 ? { params } : {}),
    ...(epochs.value !== undefined ? { epochs: epochs.value } : {})
  }
  return { ok: true, value: withBackend(request, draft.backend) }
}

/** Why a Siamese network cannot learn from this dataset's groups (sub-folders, or a file's label column), or null when it can. */
export function siameseBlocked(groupCount: number, fromFile = false): string | null {
  if (groupCount >= 2) return null
  if (fromFile) {
    return groupCount === 1
      ? 'Every row of the file has the same label, so there is only one group to learn from. Give the rows at least two labels and import the file again.'
      : 'The file has no label column, so there are no groups to learn from. Add a column naming each row’s kind and import the file again, or train an autoencoder, which needs no labels.'
  }
  return groupCount === 1
    ? 'All images lie in one folder, so there is only one group to learn from. Sort the images into at least two sub-folders (one per kind) and import the folder again.'
    : 'The images lie in no sub-folders, so there are no groups to learn from. Sort them into at least two sub-folders (one per kind) and import the folder again.'
}

export function siameseRequest(datasetId: number, groupCount: number, draft: SiameseDraft, source: LearnSource = 'images'): Checked<TrainRequest> {
  const blocked = siameseBlocked(groupCount, source !== 'images')
  if (blocked) return { ok: false, problem: blocked }
  const input = inputOf(source)
  if (!input.ok) return input
  if (draft.preset === 'B' && source !== 'images') return { ok: false, problem: 'Tower B is a CNN on the images: choose C (or A) to learn from a feature set, or learn from the images.' }
  if (draft.preset === 'C' && source === 'images') return { ok: false, problem: 'Tower C is a head on a feature set: choose a feature set to learn from, or tower A or B for the images.' }
  const epochs = optionalInt('Epochs', draft.epochs, EPOCH_RANGE)
  if (!epochs.ok) return epochs
  const params: Record<string, string> = { loss: draft.loss, mining: draft.mining }
  if (draft.preset !== 'auto') params['preset'] = draft.preset
  const request: TrainRequest = {
    datasetId,
    kind: 'siamese',
    labels: 'groups',
    ...input.value,
    params,
    ...(epochs.value !== undefined ? { epochs: epochs.value } : {})
  }
  return { ok: true, value: withBackend(request, draft.backend) }
}

/** A path the engine could open: absolute (POSIX or Windows) and ending in .onnx. */
export function onnxRequest(datasetId: number, path: string): Checked<EmbedRequest> {
  const trimmed = path.trim()
  if (!trimmed) return { ok: false, problem: 'Type the full path of the .onnx file you downloaded.' }
  if (!/^(\/|[a-zA-Z]:[\\/]|\\\\)/.test(trimmed)) {
    return { ok: false, problem: 'Give the full path, from the root of the disk (for example /home/you/models/clip.onnx).' }
  }
  if (!/\.onnx$/i.test(trimmed)) return { ok: false, problem: 'The file must be an ONNX model, ending in .onnx.' }
  return { ok: true, value: { datasetId, onnxPath: trimmed } }
}
