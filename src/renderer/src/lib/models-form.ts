import type { BackendName, EmbedRequest, TrainRequest } from '../../../shared/contract'
import { checkInt, type Checked } from './run-form'

/** "auto" leaves the choice to the app, which picks from the images and says why. */
export type Auto<T extends string> = T | 'auto'

export const AUTOENCODER_VARIANTS = ['auto', 'dense', 'conv'] as const
export const SIAMESE_PRESETS = ['auto', 'A', 'B'] as const
export const SIAMESE_LOSSES = ['triplet', 'contrastive'] as const
export const SIAMESE_MINING = ['batch-hard', 'semi-hard'] as const

/** What each tower preset is, as the select shows it. */
export const PRESET_LABELS: Record<(typeof SIAMESE_PRESETS)[number], string> = {
  auto: 'Chosen from the images',
  A: 'A · MLP 1024 → 512 → 128 → 64',
  B: 'B · small CNN on the images'
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

export function autoencoderRequest(datasetId: number, draft: AutoencoderDraft): Checked<TrainRequest> {
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
    ...(Object.keys(params).length > 0 ? { params } : {}),
    ...(epochs.value !== undefined ? { epochs: epochs.value } : {})
  }
  return { ok: true, value: withBackend(request, draft.backend) }
}

/** Why a Siamese network cannot learn from this dataset's folders, or null when it can. */
export function siameseBlocked(groupCount: number): string | null {
  if (groupCount >= 2) return null
  return groupCount === 1
    ? 'All images lie in one folder, so there is only one group to learn from. Sort the images into at least two sub-folders (one per kind) and import the folder again.'
    : 'The images lie in no sub-folders, so there are no groups to learn from. Sort them into at least two sub-folders (one per kind) and import the folder again.'
}

export function siameseRequest(datasetId: number, groupCount: number, draft: SiameseDraft): Checked<TrainRequest> {
  const blocked = siameseBlocked(groupCount)
  if (blocked) return { ok: false, problem: blocked }
  const epochs = optionalInt('Epochs', draft.epochs, EPOCH_RANGE)
  if (!epochs.ok) return epochs
  const params: Record<string, string> = { loss: draft.loss, mining: draft.mining }
  if (draft.preset !== 'auto') params['preset'] = draft.preset
  const request: TrainRequest = {
    datasetId,
    kind: 'siamese',
    labels: 'groups',
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
