/** Learned feature models (autoencoders, Siamese/triplet networks, ONNX encoders) as the renderer and the CLI see them. Types and constants only. */

export type ModelKind = 'autoencoder' | 'siamese' | 'onnx'

export type BackendName = 'tfjs-node-gpu' | 'webgpu' | 'tfjs-node' | 'wasm' | 'cpu'

/** The compute backends, best first. */
export const BACKEND_ORDER: readonly BackendName[] = ['tfjs-node-gpu', 'webgpu', 'tfjs-node', 'wasm', 'cpu']

export interface BackendReport {
  /** The backend that runs, or would run, the model. */
  name: BackendName
  /** What it runs on, in words ("NVIDIA H200 (CUDA)", "SwiftShader (Vulkan)", "CPU (JS)"). */
  device: string
  /** Each better backend passed over, and why. */
  skipped: { name: BackendName; why: string }[]
}

/** One point of a training curve. */
export interface CurvePoint {
  epoch: number
  loss: number
  valLoss?: number
  seconds: number
}

/** Where a Siamese network's labels come from. */
export type LabelSource = 'groups' | 'labels'

export interface TrainRequest {
  datasetId: number
  kind: 'autoencoder' | 'siamese'
  /** Model parameters over the defaults the app chooses from the images (variant, latent size, preset, loss, mining, …). */
  params?: Record<string, number | string | boolean>
  /** Siamese only: which labels to learn from; sub-folder groups when absent. */
  labels?: LabelSource
  epochs?: number
  /** Forces a backend; the best available one otherwise. */
  backend?: BackendName
  /** Continue a cancelled or interrupted training of this model from its last checkpoint. */
  resumeModelId?: number
  seed?: number
}

export interface EmbedRequest {
  datasetId: number
  /** A model of the library, or an ONNX file the user chose (absolute path). */
  modelId?: number
  onnxPath?: string
}

export interface ModelInfo {
  id: number
  /** The dataset it was trained on; null for an ONNX file, which belongs to no dataset. */
  datasetId: number | null
  kind: ModelKind
  /** A name a user reads ("Autoencoder (conv, latent 10)", "CLIP ViT-B/32"). */
  label: string
  params: Record<string, number | string | boolean>
  /** Why the app chose these parameters; null when the user set them. */
  reason: string | null
  backend: BackendReport | null
  curve: CurvePoint[]
  bestEpoch: number | null
  /** Validation measures (Siamese: triplet accuracy, AUC, recall@1, threshold; autoencoder: validation loss). */
  metrics: Record<string, number>
  state: 'training' | 'ready' | 'cancelled' | 'failed'
  /** The feature set of the dataset's embeddings made with it, when there is one. */
  featureSetId: number | null
  createdAt: string
}

/** A model's similarity of two items (0..1), with the threshold chosen on validation pairs. */
export interface CompareResult {
  similarity: number
  distance: number
  threshold: number | null
  similar: boolean | null
}

export interface TrainSummary {
  modelId: number
  datasetId: number
  /** The feature set of the embeddings, made once training ended. */
  featureSetId: number | null
  epochs: number
  bestEpoch: number | null
  stopped: 'done' | 'early' | 'cancelled'
  backend: BackendReport
  seconds: number
}

export interface EmbedSummary {
  modelId: number | null
  datasetId: number
  featureSetId: number
  vectors: number
  failed: number
  dimension: number
  seconds: number
  /** Defaults the app had to assume for an ONNX file, in one sentence; null when none. */
  warning: string | null
}
