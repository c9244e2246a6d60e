/**
 * Model and weight files on disk. tfjs-core in Node has no `file://` handler without tfjs-node, so a
 * small IOHandler over node:fs writes the TensorFlow.js format (model.json + weights.bin) that the
 * browser and Python converters read. Writes are atomic: a model folder is written beside its place
 * and renamed in; a weight-list file is written to a temporary name and renamed. Files are 0600 in a
 * 0700 folder, as the library's other files.
 *
 * Weight lists (checkpoints) are one file: a 4-byte length, a JSON header (the caller's state and
 * tfjs's weight specs) and the raw weight bytes from tf.io.encodeWeights.
 */
import { mkdir, readFile, rename, rm } from 'node:fs/promises'
import path from 'node:path'
import { tf, tfl } from './tf'
import { DIR_MODE, tempName, writeFileAtomic, writeSynced } from './atomic-file'

export { writeFileAtomic } from './atomic-file'
const MODEL_JSON = 'model.json'
const WEIGHTS_BIN = 'weights.bin'

/** A tf.io handler that saves to and loads from a folder holding model.json and weights.bin. */
export function folderIO(dir: string): tf.io.IOHandler {
  return {
    async save(artifacts: tf.io.ModelArtifacts): Promise<tf.io.SaveResult> {
      const weights = new Uint8Array(tf.io.CompositeArrayBuffer.join(artifacts.weightData ?? new ArrayBuffer(0)))
      const manifest: tf.io.WeightsManifestConfig = [{ paths: [`./${WEIGHTS_BIN}`], weights: artifacts.weightSpecs ?? [] }]
      const json: tf.io.ModelJSON = {
        modelTopology: artifacts.modelTopology as object,
        format: artifacts.format,
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy,
        trainingConfig: artifacts.trainingConfig,
        userDefinedMetadata: artifacts.userDefinedMetadata,
        weightsManifest: manifest
      }
      await mkdir(path.dirname(dir), { recursive: true, mode: DIR_MODE })
      const temp = tempName(dir)
      await mkdir(temp, { mode: DIR_MODE })
      try {
        await writeSynced(path.join(temp, WEIGHTS_BIN), weights)
        await writeSynced(path.join(temp, MODEL_JSON), JSON.stringify(json))
        const old = tempName(dir)
        await rename(dir, old).catch((error: NodeJS.ErrnoException) => {
          if (error.code !== 'ENOENT') throw error
        })
        await rename(temp, dir)
        await rm(old, { recursive: true, force: true })
      } catch (error) {
        await rm(temp, { recursive: true, force: true })
        throw error
      }
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) }
    },
    async load(): Promise<tf.io.ModelArtifacts> {
      const json = JSON.parse(await readFile(path.join(dir, MODEL_JSON), 'utf8')) as tf.io.ModelJSON
      return tf.io.getModelArtifactsForJSON(json, async (manifest) => {
        const buffers = await Promise.all(manifest.flatMap((group) => group.paths).map((p) => readFile(path.join(dir, p))))
        const bytes = Buffer.concat(buffers)
        const data = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer
        return [manifest.flatMap((group) => group.weights), data]
      })
    }
  }
}

export async function saveLayersModel(model: tfl.LayersModel, dir: string): Promise<void> {
  await model.save(folderIO(dir))
}

export async function loadLayersModel(dir: string): Promise<tfl.LayersModel> {
  return tfl.loadLayersModel(folderIO(dir))
}

/** A tensor with its name, as tf.io.encodeWeights takes them. */
export interface NamedTensor {
  name: string
  tensor: tf.Tensor
}

export interface WeightListFile<H> {
  header: H
  tensors: NamedTensor[]
}

/** Saves named tensors and a JSON header as one file, atomically. */
export async function saveWeightList<H>(file: string, header: H, tensors: NamedTensor[]): Promise<void> {
  const { data, specs } = await tf.io.encodeWeights(tensors)
  const head = Buffer.from(JSON.stringify({ header, specs }), 'utf8')
  const length = Buffer.alloc(4)
  length.writeUInt32LE(head.byteLength, 0)
  await writeFileAtomic(file, Buffer.concat([length, head, new Uint8Array(data)]))
}

/** Reads a file written by saveWeightList; the caller owns (and disposes) the tensors, in the saved order. */
export async function loadWeightList<H>(file: string): Promise<WeightListFile<H>> {
  const bytes = await readFile(file)
  const headLength = bytes.readUInt32LE(0)
  const { header, specs } = JSON.parse(bytes.subarray(4, 4 + headLength).toString('utf8')) as { header: H; specs: tf.io.WeightsManifestEntry[] }
  const body = bytes.subarray(4 + headLength)
  const data = body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength) as ArrayBuffer
  const map = tf.io.decodeWeights(data, specs)
  return { header, tensors: specs.map((spec) => ({ name: spec.name, tensor: map[spec.name]! })) }
}
