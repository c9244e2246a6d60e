/** Feature sets as the renderer and the CLI see them. Types and constants only. */

export type DatasetKind = 'images' | 'vectors' | 'sequences'

/** What one parameter of a feature method accepts, for forms and for the CLI's help. */
export type FeatureParamSpec =
  | { kind: 'int'; min: number; max: number }
  | { kind: 'enum'; values: readonly string[] }
  | { kind: 'bool' }

export interface FeatureParamInfo {
  name: string
  spec: FeatureParamSpec
  default: number | string | boolean
}

export interface FeatureMethodInfo {
  id: string
  label: string
  description: string
  params: FeatureParamInfo[]
  /** The kinds of dataset the method applies to. */
  appliesTo: DatasetKind[]
}

/** Where a feature set's vectors came from ('model': the embeddings of a learned model, params.modelId). */
export type FeatureOrigin = 'computed' | 'import' | 'file' | 'model'

export interface FeatureSetInfo {
  id: number
  datasetId: number
  method: string
  /** The method's name as a user reads it ("HOG"). */
  label: string
  params: Record<string, number | string | boolean>
  /** Post-processing steps in their canonical text form ('zscore,pca=50'); '' for none. */
  post: string
  dimension: number
  origin: FeatureOrigin
  /** Items that have a vector. */
  vectorCount: number
  /** Readable items of the dataset; the set is complete when every one has a vector. */
  eligibleCount: number
  complete: boolean
  /** Items the method could not handle, and the last reason given. */
  failedCount: number
  failedReason: string | null
  /** Seconds spent computing the vectors. */
  seconds: number
  /** Why the app chose these parameters (an import chooses them from the images); null when a user did. */
  reason: string | null
  /** The set a run uses when the user chooses none. */
  isDefault: boolean
  createdAt: string
  updatedAt: string
}

export interface FeaturesRequest {
  datasetId: number
  method: string
  /** Parameters over the method's defaults. */
  params?: Record<string, number | string | boolean>
  /** Post-processing steps, as text ('zscore,pca=50'). */
  post?: string
}

export interface FeaturesSummary {
  featureSetId: number
  datasetId: number
  /** True when an existing complete set was used and nothing was computed. */
  reused: boolean
  /** Vectors computed by this job. */
  computed: number
  failed: number
  vectors: number
  dimension: number
  seconds: number
}
