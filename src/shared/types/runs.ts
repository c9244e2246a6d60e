/** Clustering runs as the renderer and the CLI see them. Types and constants only. */

import type { ClusterMeta } from './edits'

export type ReduceMethod = 'umap' | 'pca' | 'none'
export type ClusterAlgo = 'kmeans' | 'dbscan' | 'hdbscan'

export interface RunSettings {
  /** Post-processing steps applied to the features first ('zscore,pca=50'); '' for none. */
  post: string
  reduce: {
    method: ReduceMethod
    nNeighbors: number
    minDist: number
    metric: 'euclidean' | 'cosine'
    /** PCA to this many components before UMAP (for high dimensions), or null. */
    pcaBefore: number | null
    /** UMAP components the clustering runs on: 2 is the display layout itself. */
    clusterDims: number
  }
  cluster: {
    algo: ClusterAlgo
    /** Cluster the reduced coordinates or the (post-processed) features themselves. */
    on: 'reduced' | 'features'
    k: number | 'auto'
    eps: number | 'auto'
    /** DBSCAN and HDBSCAN; "auto" scales it with the number of items. */
    minSamples: number | 'auto'
    /** HDBSCAN; "auto" scales it with the number of items. */
    minClusterSize: number | 'auto'
  }
  seed: number
  /** Sequence datasets only: they are clustered by edit distance, not from a feature set. */
  sequences?: SequenceSettings
}

/**
 * How a sequence dataset is clustered: k-mer MinHash and LSH pick the pairs worth comparing, their
 * Levenshtein distance joins the close ones, DBSCAN (or connected components) groups them.
 */
export interface SequenceSettings {
  /** Shingle length; "auto" chooses it from the alphabet and the lengths. */
  k: number | 'auto'
  /** Jaccard index at which a pair becomes a candidate half the time; "auto" derives it from maxDistance and k. */
  jaccard: number | 'auto'
  /** Largest Levenshtein distance over the longer length that joins two sequences, in (0, 1). */
  maxDistance: number
  /** DBSCAN: sequences within maxDistance, itself included, that make a core sequence. */
  minSamples: number
  method: 'dbscan' | 'components'
}

/** What a sequence run chose and how much work it did. */
export interface ChosenSequences {
  k: number
  hashes: number
  bands: number
  rows: number
  jaccard: number
  /** Pairs whose Levenshtein distance was computed, and their share of all n(n − 1)/2 pairs. */
  pairsCompared: number
  pairsFraction: number
  /** Compared pairs within maxDistance. */
  edges: number
  duplicates: number
  /** Why each chosen value is what it is. */
  reasons: string[]
  /** How the 2-D map was made. */
  layout: string
}

export interface RunRequest {
  datasetId: number
  /** Required except for a sequence dataset, which is clustered from its sequences. */
  featureSetId?: number
  /** Over the defaults; nested objects may be partial. */
  settings?: {
    post?: string
    reduce?: Partial<RunSettings['reduce']>
    cluster?: Partial<RunSettings['cluster']>
    seed?: number
    sequences?: Partial<SequenceSettings>
  }
}

/** Quality of a run's clusters; a metric that does not apply is null, and the reason is given. */
export interface RunMetrics {
  silhouette: number | null
  silhouetteSampled: boolean
  silhouetteN: number
  /** Mean silhouette of each cluster. */
  silhouetteByCluster: { cluster: number; mean: number }[]
  daviesBouldin: number | null
  calinskiHarabasz: number | null
  /** With the dataset's groups (folders or labels) as the truth. */
  acc: number | null
  nmi: number | null
  ari: number | null
  internalSkipped: string | null
  externalSkipped: string | null
}

export interface ChosenK {
  k: number
  scores: { k: number; silhouette: number }[]
  sampled: boolean
  sampleSize: number
  /** How k was chosen from the scores, in a sentence (absent in runs made before reasons were kept). */
  reason?: string
  /** Other k worth a look (the curve's other peaks), best first; one click runs one. */
  alternatives?: number[]
}

/** DBSCAN's and HDBSCAN's minimum sizes when they were "auto". */
export interface ChosenSizes {
  minSamples: number
  /** HDBSCAN only. */
  minClusterSize: number | null
  reason: string
}

export interface ChosenEps {
  eps: number
  /** The sorted k-distance curve (downsampled for display) and where its knee is. */
  curve: number[]
  kneeIndex: number
  sampled: boolean
  reason?: string
}

export interface RunSummary {
  id: number
  datasetId: number
  datasetName: string
  featureSetId: number | null
  /** The features as a user reads them ("HOG cell 16 + zscore"). */
  featureLabel: string
  settings: RunSettings
  /** Items clustered. */
  n: number
  nClusters: number
  noiseFraction: number
  metrics: RunMetrics
  chosen: { k?: ChosenK; eps?: ChosenEps; sizes?: ChosenSizes; sequences?: ChosenSequences }
  /** Seconds per stage. */
  timings: Record<string, number>
  /** What a reader should know about how the numbers were made ("silhouette on a sample of 10,000"). */
  notes: string[]
  /** What must not be missed (all noise, a single cluster), each saying which setting to change. */
  warnings: string[]
  createdAt: string
}

export interface ClusterCard {
  /** −1 is noise. */
  label: number
  size: number
  silhouette: number | null
  /** Item ids closest to the cluster's centre, most representative first. */
  representatives: number[]
  /** The name, colour and notes the user gave it (runs:get fills it in; null when none). */
  meta?: ClusterMeta | null
}

/** Everything a reopened run shows, exactly as it was computed. */
export interface RunDetail extends RunSummary {
  /** One entry per clustered item, in the same order in every array. */
  itemIds: number[]
  names: string[]
  x: number[]
  y: number[]
  labels: number[]
  /** Index into `groups` for each item. */
  itemGroups: number[]
  groups: string[]
  clusters: ClusterCard[]
  /** Sequence runs: the first residues of each item, shown where images have a thumbnail. */
  previews?: string[]
  /** Per cluster, the group each is matched to by ACC (when the dataset has groups). */
  contingency: { clusters: number[]; groups: string[]; table: number[] } | null
}

export interface RunResult {
  runId: number
  datasetId: number
  n: number
  nClusters: number
  noiseFraction: number
  acc: number | null
  nmi: number | null
  silhouette: number | null
  seconds: number
}

export type ReportFormat = 'html' | 'csv' | 'json' | 'pdf'
