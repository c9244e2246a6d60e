/**
 * What a model learns from and embeds: a folder's image files, or the vectors of a feature set
 * (a file's own columns, HOG, another model's embeddings). A model trained on a feature set records
 * it (params `inputFeatureSetId`); embedding with it later reads the same set's vectors, or, on
 * another dataset, the set made there with the same method, parameters and post-processing.
 */
import type { DatasetSummary } from '../../shared/contract'
import type { FeatureMatrix, FeatureSetRecord } from '../store/repos/feature-sets'
import { canonicalJson } from './canonical-json'
import { NotFoundError } from './errors'
import { featureSetsOf, methodLabel } from './features-service'
import { UserInputError } from './import-service'
import type { Library } from './library'

export const INPUT_PARAM = 'inputFeatureSetId'

/** "feature set 3 (HOG + zscore)": how messages and reasons name a set. */
export function featureSetName(set: Pick<FeatureSetRecord, 'id' | 'method' | 'post'>): string {
  return `feature set ${set.id} (${methodLabel(set.method)}${set.post ? ` + ${set.post}` : ''})`
}

/** A name at the start of a sentence. */
export const capital = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1)

export const learnsFromImages = (dataset: DatasetSummary): boolean => dataset.kind === 'images' && dataset.source.type === 'folder'

/**
 * Whether a Siamese network on a folder of images learns, unless told otherwise, from the dataset's
 * default feature set (a head, preset C) rather than the pixels: it does when that set is complete
 * and the user picked no image tower. On MNIST the head on the default HOG set reached triplet
 * accuracy 0.996 and recall@1 0.98 in minutes on two cores, where the pixel MLP (preset A) reached
 * 0.87 recall@1 on the same time; a convolutional tower (B) trains far slower on a CPU.
 */
export function siameseOnDefaultSet(lib: Library, dataset: DatasetSummary, params: Record<string, unknown> | undefined): FeatureSetRecord | null {
  if (!learnsFromImages(dataset) || (params?.['preset'] !== undefined && params['preset'] !== 'C')) return null
  const chosen = featureSetsOf(lib, dataset.id).find((s) => s.isDefault && s.complete)
  return (chosen && lib.featureSets.get(chosen.id)) ?? null
}

/**
 * The feature set a new model learns from, or null for the image files: the one asked for, else
 * for a folder of images none (a Siamese network: its default set, see siameseOnDefaultSet), else
 * the dataset's default set (a vector file's own columns).
 */
export function trainingFeatureSet(lib: Library, dataset: DatasetSummary, requested: number | undefined, kind: 'autoencoder' | 'siamese' = 'autoencoder', params?: Record<string, unknown>): FeatureSetRecord | null {
  let set: FeatureSetRecord | undefined
  if (requested !== undefined) {
    set = lib.featureSets.get(requested)
    if (!set || set.datasetId !== dataset.id) throw new UserInputError(`Feature set ${requested} does not belong to ${dataset.name}: choose one of its own ("likeness features ${dataset.id}" lists them).`)
  } else {
    if (learnsFromImages(dataset)) return kind === 'siamese' ? siameseOnDefaultSet(lib, dataset, params) : null
    const chosen = featureSetsOf(lib, dataset.id).find((s) => s.isDefault)
    set = chosen && lib.featureSets.get(chosen.id)
    if (!set) {
      throw new UserInputError(`Models learn from image files or from a feature set, and ${dataset.name} has neither: compute features for it first ("likeness features ${dataset.id}"), then train on them.`)
    }
  }
  if (set.vectorCount < 2) throw new UserInputError(`${capital(featureSetName(set))} holds ${set.vectorCount} vector${set.vectorCount === 1 ? '' : 's'}, and a model needs at least two: compute it for the dataset's items first.`)
  return set
}

/** The set a model trained on a feature set reads when it embeds `dataset`. */
function embedSet(lib: Library, modelInput: FeatureSetRecord, dataset: DatasetSummary): FeatureSetRecord {
  if (modelInput.datasetId === dataset.id) return modelInput
  const same = lib.featureSets.find(dataset.id, modelInput.method, canonicalJson(modelInput.params), modelInput.post)
  if (!same) {
    throw new UserInputError(`The model learned from ${featureSetName(modelInput)}, which ${dataset.name} does not have: compute ${methodLabel(modelInput.method)} with the same parameters for ${dataset.name} first, then embed again.`)
  }
  return same
}

/** The recorded input set of a model trained on a feature set; null for one trained on images. */
export function modelInputSet(lib: Library, params: Record<string, number | string | boolean>): FeatureSetRecord | null {
  const id = params[INPUT_PARAM]
  if (id === undefined) return null
  const set = lib.featureSets.get(Number(id))
  if (!set) throw new NotFoundError(`The model learned from feature set ${String(id)}, which was removed: train a new model on a feature set that exists.`)
  return set
}

/**
 * The vectors a model trained on `input` embeds `dataset` with: every readable item must have one,
 * or the embedding would silently leave items out.
 */
export function embedMatrix(lib: Library, input: FeatureSetRecord, dataset: DatasetSummary): FeatureMatrix {
  const set = embedSet(lib, input, dataset)
  const matrix = lib.featureSets.loadMatrix(set.id)
  const eligible = set.eligibleCount
  if (matrix.rows < eligible) {
    const missing = eligible - matrix.rows
    throw new UserInputError(
      `${missing} of ${eligible} items of ${dataset.name} have no vector in ${featureSetName(set)}: compute ${featureSetName(set)} for the new images first ("likeness features ${dataset.id}"), then embed again.`
    )
  }
  return matrix
}

/** Throws when the model learned from a feature set: it cannot embed an image file it was never shown. */
export function refuseImageFiles(modelId: number, params: Record<string, number | string | boolean>): void {
  const id = params[INPUT_PARAM]
  if (id === undefined) return
  throw new UserInputError(`Model ${modelId} learned from the vectors of feature set ${String(id)}, not from images, so it cannot embed an image file: compare items that have vectors in that set instead.`)
}
