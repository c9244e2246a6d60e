/** Long-running work as the renderer and the CLI see it. Types and constants only. */

import type { DatasetKind, FeaturesSummary } from './features'
import type { RunResult } from './runs'
import type { EmbedSummary, TrainSummary } from './models'
import type { DuplicatesResult } from './duplicates'

/** What each kind of job leaves as its result. */
export interface JobResults {
  import: ImportSummary
  features: FeaturesSummary
  cluster: RunResult
  train: TrainSummary
  embed: EmbedSummary
  duplicates: DuplicatesResult
}

export type JobKind = keyof JobResults

export type JobState = 'queued' | 'running' | 'done' | 'failed' | 'cancelled' | 'interrupted'

export const FINISHED_JOB_STATES: readonly JobState[] = ['done', 'failed', 'cancelled', 'interrupted']

/** An error as it crosses a process or transport boundary. */
export interface ErrorInfo {
  kind: string
  message: string
}

export interface JobProgress {
  /** What the job is doing now, in words a user reads ("Scanning", "Decoding"). */
  phase: string
  done: number
  /** Null while the total is not known yet (for example during a folder scan). */
  total: number | null
}

export interface SkippedEntry {
  path: string
  reason: string
}

export interface ImportSummary {
  datasetId: number
  /** What the dataset holds, for the words of the summary; images when absent (older records). */
  kind?: DatasetKind
  /** Image files found by the scan. */
  found: number
  /** Files decoded in this run (new or changed). */
  processed: number
  /** Files already in the library and unchanged since the last import. */
  unchanged: number
  ok: number
  partial: number
  errors: number
  duplicates: number
  /** Items whose file is no longer in the folder. */
  missing: number
  /** Entries the scan passed over on purpose (links not followed, link loops, other file types). */
  skipped: SkippedEntry[]
  seconds: number
}

interface JobBase {
  id: number
  state: JobState
  /** Human-readable title ("Import of digits"). */
  title: string
  datasetId: number | null
  progress: JobProgress
  error: ErrorInfo | null
  createdAt: string
  updatedAt: string
}

/** A job; its result's type follows its kind (narrow on `kind`). */
export type JobInfo = { [K in JobKind]: JobBase & { kind: K; result: JobResults[K] | null } }[JobKind]

export type JobResult = JobResults[JobKind]

/** A job of one kind. */
export type JobOf<K extends JobKind> = Extract<JobInfo, { kind: K }>
