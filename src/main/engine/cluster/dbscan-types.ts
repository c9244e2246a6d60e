/** What the DBSCAN algorithms share: the result, the error, and progress reporting. */
import { checkAborted } from '../search/checks'
import type { LongWork } from '../search/types'

export interface DbscanResult {
  /** Cluster of each point, 0 … nClusters − 1, or −1 for noise. */
  labels: Int32Array
  nClusters: number
  /** 1 for core points. */
  core: Uint8Array
}

export class DbscanError extends Error {
  override name = 'DbscanError'
}

/** Points between abort checks and progress reports. */
export const PROGRESS_EVERY = 4096

/** Throws the abort reason if stopped; otherwise reports progress. */
export function report(work: LongWork, done: number, total: number): void {
  checkAborted(work.signal)
  work.onProgress?.(done, total)
}
