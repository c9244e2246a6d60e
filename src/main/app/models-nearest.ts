/**
 * An image file, from outside the dataset or not, against a model's embeddings of its dataset: the
 * file is checked as an import checks it, embedded on the model's own kind of thread with the very
 * preprocessing of training (train-images.ts), and compared with every stored embedding, exactly
 * (a dataset's embeddings are a few thousand rows; an index would only approximate them).
 */
import { constants } from 'node:fs'
import { access, open, stat } from 'node:fs/promises'
import { basename, isAbsolute } from 'node:path'
import sharp from 'sharp'
import type { CompareResult, NearestRequest, NearestResult, Neighbour } from '../../shared/contract'
import { NEAREST_DEFAULT_K } from '../../shared/types/models'
import { sniffImageFormat, SNIFF_BYTES } from '../engine/io/sniff'
import { pairScores, similarity as fusedSimilarity, type FusionModel } from '../engine/nn/fusion'
import { embedFilesParallel } from '../jobs/parallel-onnx'
import { runTrainThread } from '../jobs/train-thread'
import { canonicalJson } from './canonical-json'
import { NotFoundError } from './errors'
import { UserInputError } from './import-service'
import { featureMethodOf, models } from './model-store'
import { modelFolder } from './models-embed'
import { featureSetName, INPUT_PARAM, modelInputSet } from './models-input'
import { decodeImageFile } from '../engine/io/decode'
import { featureMethod, type FeatureParams } from '../engine/features'
import { readFusion, vectorOf } from './models-queries'
import type { ModelRecord } from '../store/repos/models'
import type { FeatureSetRecord } from '../store/repos/feature-sets'
import type { Library } from './library'

const megapixels = (pixels: number): string => (pixels / 1e6).toLocaleString('en', { maximumFractionDigits: 2 })

/** Checks the file as an import would: an absolute path to a readable image within the library's limits. */
export async function checkImageFile(lib: Library, path: string): Promise<void> {
  if (!isAbsolute(path)) throw new UserInputError(`Give the image's full path, such as /home/you/photos/cat.jpg, not "${path}".`)
  const info = await stat(path).catch(() => null)
  if (!info) throw new UserInputError(`There is no file ${path}: check the path and try again.`)
  if (info.isDirectory()) throw new UserInputError(`${path} is a folder: give the path of one image file in it.`)
  if (!info.isFile()) throw new UserInputError(`${path} is not a regular file: give the path of an image file.`)
  await access(path, constants.R_OK).catch(() => {
    throw new UserInputError(`File cannot be read: ${path}. Give your user read access to it and try again.`)
  })
  const { limitInputPixels, maxFileBytes } = lib.decodeOptions()
  if (info.size > maxFileBytes) throw new UserInputError(`${basename(path)} is ${info.size.toLocaleString('en')} bytes, over the library's limit of ${maxFileBytes.toLocaleString('en')}: use a smaller copy of the image.`)
  const handle = await open(path, 'r')
  const head = new Uint8Array(SNIFF_BYTES)
  try {
    await handle.read(head, 0, SNIFF_BYTES, 0)
  } finally {
    await handle.close()
  }
  if (sniffImageFormat(head) === null) throw new UserInputError(`${basename(path)} is not an image Likeness reads: give a JPEG, PNG, WebP, GIF, TIFF or BMP file.`)
  // The header alone: the pixels are decoded on the model's thread, never here.
  const meta = await sharp(path, { limitInputPixels: false }).metadata().catch(() => null)
  if (!meta?.width || !meta.height) throw new UserInputError(`${basename(path)} looks like an image but its header cannot be read: it may be damaged; try another copy.`)
  if (meta.width * meta.height > limitInputPixels) {
    throw new UserInputError(
      `${basename(path)} has ${meta.width} × ${meta.height} pixels (${megapixels(meta.width * meta.height)} megapixels), over the library's limit of ${megapixels(limitInputPixels)}: use a smaller copy, or raise the limit (--max-pixels).`
    )
  }
}

/** The feature set holding the model's embeddings of the dataset searched. */
function embeddingsOf(lib: Library, model: ModelRecord, datasetId: number | undefined): number {
  if (model.kind === 'onnx') {
    if (datasetId === undefined) throw new UserInputError(`Model ${model.id} is an ONNX encoder and belongs to no dataset: say which dataset's images to search.`)
    const set = lib.featureSets.find(datasetId, featureMethodOf('onnx'), canonicalJson({ modelId: model.id }), '')
    if (!set) throw new UserInputError(`Dataset ${datasetId} has no embeddings from model ${model.id}: embed it with the model first ("likeness embed ${datasetId} --model ${model.id}").`)
    return set.id
  }
  if (datasetId !== undefined && datasetId !== model.datasetId) throw new UserInputError(`Model ${model.id} was trained on dataset ${model.datasetId}, not ${datasetId}: search its own dataset.`)
  if (model.featureSetId === null) throw new UserInputError(`Model ${model.id} has no embeddings of its dataset yet: train it to the end or embed the dataset with it.`)
  return model.featureSetId
}

/** The file's embedding with the model, on the same code path as the dataset's. */
async function embedFile(lib: Library, model: ModelRecord, path: string): Promise<Float32Array> {
  let vectors: Float32Array | null
  let failure: string | undefined
  if (model.kind === 'onnx') {
    if (!model.onnxPath) throw new Error(`Model ${model.id} has no ONNX file recorded.`)
    const out = await embedFilesParallel(model.onnxPath, [path], { workers: 1 })
    failure = out.failures[0]?.reason
    vectors = failure === undefined ? out.vectors : null
  } else {
    const dir = modelFolder(lib, model.dir)
    if (dir === null) throw new Error(`Model ${model.id} has no folder with its network.`)
    const { limitInputPixels, maxFileBytes } = lib.decodeOptions()
    const input = model.params[INPUT_PARAM] !== undefined ? modelInputSet(lib, model.params)! : null
    const matrix = input ? await fileFeatures(lib, input, path, (why) => modelCannotPlace(model, featureSetName(input), why)) : null
    if (matrix === null && model.params['side'] === undefined) throw new UserInputError(`Model ${model.id} has no image input to give a file to: use a model trained on the images or on an image feature set.`)
    // One image: the plain JS backend computes it in milliseconds, sooner than a GPU backend could be probed.
    const out = await runTrainThread({
      mode: 'embed', kind: model.kind, params: model.params, files: matrix ? [] : [path], matrix: matrix?.vector ? { data: matrix.vector, cols: matrix.vector.length } : null,
      labels: null, dir, epochs: 0, seed: 0, backend: 'cpu', limitInputPixels, maxFileBytes
    })
    failure = matrix ? (matrix.reason ?? undefined) : out.failures[0]?.reason
    vectors = out.read.length === 1 ? out.vectors : null
  }
  if (vectors === null) throw new UserInputError(`${basename(path)} could not be read as an image (${failure ?? 'no reason given'}): check the file, or try another copy.`)
  return vectors
}

/**
 * The file's vector in a feature set, computed as the import computes it (decodeImageFile with the
 * set's method and parameters), so a head on HOG (Siamese preset C) or a search in a HOG set can
 * place an image from outside the dataset. Sets made by post-processing (fitted on the dataset's
 * own rows) or from something other than pixels cannot be computed for one new file: `refuse`
 * makes the error the caller's user can act on.
 */
export async function fileFeatures(
  lib: Library, set: FeatureSetRecord, path: string, refuse: (why: 'not-pixels' | 'post') => Error
): Promise<{ vector: Float32Array | null; reason: string | null }> {
  let params: FeatureParams
  try {
    params = featureMethod(set.method).params(set.params) as FeatureParams
  } catch {
    throw refuse('not-pixels')
  }
  if (set.post !== '') throw refuse('post')
  const decoded = await decodeImageFile(path, { ...lib.decodeOptions(), features: { method: set.method, params } })
  return { vector: decoded.vector ?? null, reason: decoded.vector ? null : decoded.reason }
}

function modelCannotPlace(model: ModelRecord, set: string, why: 'not-pixels' | 'post'): UserInputError {
  return why === 'not-pixels'
    ? new UserInputError(`Model ${model.id} learned from ${set}, which is not computed from an image's pixels, so it cannot place an image file: use a model trained on the images or on an image feature set.`)
    : new UserInputError(`Model ${model.id} learned from ${set}, post-processed over the dataset's own items, so one new image cannot be placed the same way: train on the set without post-processing, or on the images.`)
}

/** The k stored embeddings nearest to the image file, nearest first, by the distance compareItems uses. */
export async function nearestItems(lib: Library, req: NearestRequest): Promise<NearestResult> {
  const model = models(lib).get(req.modelId)
  if (!model) throw new NotFoundError(`There is no model ${req.modelId}.`)
  if (model.state !== 'ready') throw new UserInputError(`Model ${model.id} has not finished training (it is ${model.state}): resume its training first.`)
  const setId = embeddingsOf(lib, model, req.datasetId)
  await checkImageFile(lib, req.path)
  const matrix = lib.featureSets.loadMatrix(setId)
  if (matrix.rows === 0) throw new UserInputError(`Model ${model.id} has no stored embeddings to compare with: embed the dataset with it again.`)
  const query = await embedFile(lib, model, req.path)
  if (query.length !== matrix.cols) throw new Error(`The image's embedding has ${query.length} values but the stored ones have ${matrix.cols}: embed the dataset with model ${model.id} again.`)
  const fusion: FusionModel | null = readFusion(lib, model)
  const threshold = model.metrics['threshold'] ?? null
  const scored = Array.from({ length: matrix.rows }, (_, r) => {
    const row = matrix.data.subarray(r * matrix.cols, (r + 1) * matrix.cols)
    const [cosine, distance] = pairScores(query, row)
    return { r, row, cosine, distance }
  })
  scored.sort((a, b) => a.distance - b.distance || a.r - b.r)
  const top = scored.slice(0, Math.min(req.k ?? NEAREST_DEFAULT_K, matrix.rows))
  const ids = top.map((s) => matrix.itemIds[s.r]!)
  const paths = new Map(
    (lib.db.prepare(`SELECT id, rel_path AS relPath FROM items WHERE id IN (${ids.map(() => '?').join(',')})`).all(...ids) as { id: number; relPath: string }[]).map((i) => [i.id, i.relPath])
  )
  const neighbours: Neighbour[] = top.map((s, i) => ({
    itemId: ids[i]!,
    path: paths.get(ids[i]!) ?? '',
    similarity: fusion ? fusedSimilarity(query, s.row, fusion) : Math.min(1, Math.max(0, (s.cosine + 1) / 2)),
    distance: s.distance,
    similar: threshold === null ? null : s.distance <= threshold
  }))
  return { file: req.path, neighbours, threshold }
}

/** One side of a pair: an item of the dataset (its stored embedding) or an image file (embedded now). */
export type PairSide = { itemId: number } | { path: string }

/** The model's similarity of two items or image files, as compareItems scores two items. */
export async function comparePair(lib: Library, modelId: number, a: PairSide, b: PairSide, datasetId?: number): Promise<CompareResult> {
  const model = models(lib).get(modelId)
  if (!model) throw new NotFoundError(`There is no model ${modelId}.`)
  if (model.state !== 'ready') throw new UserInputError(`Model ${model.id} has not finished training (it is ${model.state}): resume its training first.`)
  const setId = embeddingsOf(lib, model, datasetId)
  const vector = async (side: PairSide): Promise<Float32Array> => {
    if ('path' in side) {
      await checkImageFile(lib, side.path)
      return embedFile(lib, model, side.path)
    }
    const v = vectorOf(lib, setId, side.itemId)
    if (v === null) throw new NotFoundError(`Item ${side.itemId} has no embedding from model ${model.id}: it is not in the dataset searched, or could not be read.`)
    return v
  }
  const va = await vector(a)
  const vb = await vector(b)
  if (va.length !== vb.length) throw new Error(`The two embeddings differ in length (${va.length} and ${vb.length}): embed the dataset with model ${model.id} again.`)
  const fusion = readFusion(lib, model)
  const [cosine, distance] = pairScores(va, vb)
  const threshold = model.metrics['threshold'] ?? null
  return { similarity: fusion ? fusedSimilarity(va, vb, fusion) : Math.min(1, Math.max(0, (cosine + 1) / 2)), distance, threshold, similar: threshold === null ? null : distance <= threshold }
}
