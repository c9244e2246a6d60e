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
  /** Siamese only: which labels to learn from; the groups (sub-folders, or a file's label column) when absent. */
  labels?: LabelSource
  epochs?: number
  /** Forces a backend; the best available one otherwise. */
  backend?: BackendName
  /** Continue a cancelled or interrupted training of this model from its last checkpoint. */
  resumeModelId?: number
  seed?: number
  /**
   * Learn from this feature set's vectors instead of the image files (Siamese: preset C, a head on
   * the features; autoencoder: the dense one). Datasets without image files (a CSV of vectors, say)
   * learn from their default feature set when none is given.
   */
  featureSetId?: number
}

/**
 * A pretrained image encoder the app knows how to prepare (the engine's catalogue): where to get it,
 * how to export it to ONNX, and the preprocessing it was trained with. Nothing is downloaded.
 */
export interface OnnxCatalogueEntry {
  id: string
  name: string
  /** Where to get it and how to export it, as text to show. */
  source: string
  licence: string
  /** Input side in pixels. */
  size: number
  resizeShortest: number
  resize: 'shortest-then-centre-crop' | 'squash'
  layout: 'NCHW' | 'NHWC'
  mean: [number, number, number]
  std: [number, number, number]
  scale: number
  /** The output the embedding is read from, and how it is pooled. */
  output: string
  pooling: 'cls' | 'mean' | 'none'
  /** Embedding sizes of the usual exports. */
  dims: number[]
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
  /** Distances of similar and dissimilar validation pairs in shared bins; null without labelled validation pairs. */
  scoreHistogram: ScoreHistogram | null
}

/** Counts of validation pairs per distance bin: `edges` has one more entry than each count list. */
export interface ScoreHistogram {
  edges: number[]
  similar: number[]
  dissimilar: number[]
}

/** Nearest items unless told how many, and the most one request returns. */
export const NEAREST_DEFAULT_K = 10
export const NEAREST_MAX_K = 100

export interface NearestRequest {
  modelId: number
  /** Absolute path of an image file, inside the dataset or not. */
  path: string
  k?: number
  /** The dataset whose embeddings to search: needed for an ONNX model only, which belongs to no dataset. */
  datasetId?: number
}

/** One item of the model's dataset near the image, with the model's similarity (0..1) and distance. */
export interface Neighbour {
  itemId: number
  /** The item's path relative to its dataset's folder. */
  path: string
  similarity: number
  distance: number
  similar: boolean | null
}

export interface NearestResult {
  file: string
  /** Nearest first. */
  neighbours: Neighbour[]
  threshold: number | null
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
