/**
 * The one contract between the renderer and the main side. Each request channel maps to its
 * argument and result; each pushed event to its payload. Main, preload and renderer type against it;
 * the main side checks every argument against a schema before a handler runs.
 */
import type { DatasetSummary, ItemDetail, ItemList } from './types/library'
import type { JobInfo, ErrorInfo } from './types/jobs'
import type { FeatureMethodInfo, FeatureSetInfo, FeaturesRequest } from './types/features'
import type { ReportFormat, RunDetail, RunRequest, RunSettings, RunSummary } from './types/runs'
import type { BackendReport, CompareResult, EmbedRequest, ModelInfo, NearestRequest, NearestResult, OnnxCatalogueEntry, TrainRequest } from './types/models'
import type { DuplicatesRequest, DuplicatesResult } from './types/duplicates'
import type { SimilarIndexReport, SimilarIndexRequest, SimilarRequest, SimilarResult } from './types/similar'
import type { EditHistory, EditOp, EditResult, LabelExportRequest, LabelExportResult, LabelImportResult, LabelList } from './types/edits'

export type * from './types/library'
export type * from './types/jobs'
export type * from './types/features'
export type * from './types/runs'
export type * from './types/models'
export type * from './types/edits'
export type * from './types/duplicates'
export type * from './types/similar'

export interface AppInfo {
  name: string
  version: string
  transport: 'ipc' | 'ws'
  libraryPath: string
  /** Whether the main side can show a native folder dialog (Electron only). */
  canPickFolders: boolean
  /** The largest image an import decodes unless told otherwise, in megapixels. */
  defaultMaxMegapixels: number
}

export interface ImportRequest {
  /** Absolute folder paths; each becomes (or updates) one dataset. */
  paths: string[]
  followSymlinks?: boolean
  /** Largest image to decode, in megapixels (width × height / 1,000,000); the engine's default when absent. */
  maxMegapixels?: number
}

export interface Handlers {
  'app:info': { arg: Record<string, never>; result: AppInfo }
  'datasets:list': { arg: Record<string, never>; result: DatasetSummary[] }
  'datasets:get': { arg: { id: number }; result: DatasetSummary }
  'datasets:remove': { arg: { id: number }; result: { removed: boolean } }
  'items:list': { arg: { datasetId: number }; result: ItemList }
  'items:get': { arg: { id: number }; result: ItemDetail }
  'import:start': { arg: ImportRequest; result: JobInfo[] }
  'features:methods': { arg: Record<string, never>; result: FeatureMethodInfo[] }
  'features:list': { arg: { datasetId: number }; result: FeatureSetInfo[] }
  /** Starts a features job; a complete set with the same method and parameters is reused. */
  'features:start': { arg: FeaturesRequest; result: JobInfo }
  'features:remove': { arg: { id: number }; result: { removed: boolean } }
  'runs:defaults': { arg: Record<string, never>; result: RunSettings }
  'runs:list': { arg: { datasetId?: number }; result: RunSummary[] }
  'runs:get': { arg: { id: number }; result: RunDetail }
  /** Starts a clustering run as a job; stages whose inputs did not change are reused. */
  'runs:start': { arg: RunRequest; result: JobInfo }
  'runs:remove': { arg: { id: number }; result: { removed: boolean } }
  /**
   * A report of a run: HTML (self-contained), CSV or JSON come back as text for the renderer to save;
   * PDF (desktop app only) is written where the user chooses, and its path comes back.
   */
  'runs:report': { arg: { id: number; format: ReportFormat }; result: { fileName: string; text: string | null; savedPath: string | null } }
  /** Records a hand edit of a run's clusters; answers once it is committed. */
  'edits:apply': { arg: { runId: number; op: EditOp }; result: EditResult }
  /** Takes back the run's last edit (editId null when there was none). */
  'edits:undo': { arg: { runId: number }; result: EditResult }
  /** Does the last edit taken back again. */
  'edits:redo': { arg: { runId: number }; result: EditResult }
  'edits:list': { arg: { runId: number }; result: EditHistory }
  'labels:list': { arg: { datasetId: number }; result: LabelList }
  /** The dataset's labels as CSV or JSON text, and optionally one folder per label with the files copied or linked. */
  'labels:export': { arg: LabelExportRequest; result: LabelExportResult }
  /** Labels items from a CSV of file,label[,source] rows, matching files by their path in the dataset. */
  'labels:import': { arg: { datasetId: number; path: string }; result: LabelImportResult }
  /** The compute backends for neural models: which one runs, and why each better one was passed over. */
  'models:backends': { arg: Record<string, never>; result: BackendReport }
  'models:list': { arg: { datasetId?: number }; result: ModelInfo[] }
  /** The pretrained image encoders the app knows how to prepare, and where to get them. */
  'models:catalogue': { arg: Record<string, never>; result: OnnxCatalogueEntry[] }
  'models:get': { arg: { id: number }; result: ModelInfo }
  /** Starts training as a job; the embeddings of the dataset become a feature set when it ends. */
  'models:train': { arg: TrainRequest; result: JobInfo }
  /** Starts embedding a dataset with a trained model or an ONNX file, as a job. */
  'models:embed': { arg: EmbedRequest; result: JobInfo }
  'models:compare': { arg: { modelId: number; a: number; b: number }; result: CompareResult }
  /** An image file (from outside the dataset, say) embedded with the model, and the dataset's items nearest to it. */
  'models:nearest': { arg: NearestRequest; result: NearestResult }
  'models:remove': { arg: { id: number }; result: { removed: boolean } }
  /** Starts a near-duplicate search as a job (perceptual hashes are computed once and kept as feature sets). */
  'duplicates:start': { arg: DuplicatesRequest; result: JobInfo }
  /** The dataset's last near-duplicate groups and exact copies; null before the first search. */
  'duplicates:get': { arg: { datasetId: number }; result: DuplicatesResult | null }
  /** The k items nearest to an item, or to an image file, in a feature set; with the index that answered. */
  'similar:find': { arg: SimilarRequest; result: SimilarResult }
  /** Builds and tunes an approximate index of a feature set (kept for later searches) and measures it. */
  'similar:index': { arg: SimilarIndexRequest; result: SimilarIndexReport }
  'jobs:list': { arg: Record<string, never>; result: JobInfo[] }
  'jobs:cancel': { arg: { id: number }; result: JobInfo }
  'jobs:resume': { arg: { id: number }; result: JobInfo }
  'dialog:pickFolders': { arg: Record<string, never>; result: string[] }
}

export interface Events {
  'job:progress': JobInfo
  'job:finished': JobInfo
  'datasets:changed': { datasetId: number }
  'features:changed': { datasetId: number }
  'runs:changed': { datasetId: number }
  /** A run's clusters were edited (an edit, an undo or a redo was committed). */
  'edits:changed': { runId: number; datasetId: number }
  /** A dataset's labels changed by an import. */
  'labels:changed': { datasetId: number }
  'models:changed': { datasetId: number | null }
}

export type Channel = keyof Handlers
export type EventName = keyof Events
export type ArgOf<C extends Channel> = Handlers[C]['arg']
export type ResultOf<C extends Channel> = Handlers[C]['result']

/** What a transport returns for one call: never a thrown error, which Electron would flatten. */
export type Reply<T> = { ok: true; value: T } | { ok: false; error: ErrorInfo }

/** The object the preload script exposes, and the shape every renderer-side client has. */
export interface LikenessApi {
  invoke<C extends Channel>(channel: C, arg: ArgOf<C>): Promise<ResultOf<C>>
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void
  /** URL of an item's thumbnail, served by the app's own protocol. */
  thumbnailUrl(itemId: number): string
  /** URL of an item's large image for the viewer (at most 1600 pixels on its long side). */
  previewUrl(itemId: number): string
  /** Absolute path of a file or folder dropped on the window (Electron only; '' elsewhere). */
  pathForFile(file: File): string
}

/** Names of the Electron IPC channels that carry the contract. */
export const IPC_INVOKE = 'likeness:invoke'
export const IPC_EVENT = 'likeness:event'
/** The app's own protocol; thumbnails are `likeness://thumb/<itemId>`, viewer images `likeness://preview/<itemId>`. */
export const APP_PROTOCOL = 'likeness'
/** Most progress events a job pushes per second. */
export const MAX_PROGRESS_EVENTS_PER_SECOND = 10
