/** Near-duplicate images as the renderer and the CLI see them. Types and constants only. */

export interface DuplicatesRequest {
  datasetId: number
  /** Most differing bits of the 64-bit DCT hash for two images to count as near copies; the app's default when absent. */
  threshold?: number
}

export interface DuplicateMember {
  itemId: number
  relPath: string
  /** Bytes of the file. */
  size: number
  /** Bits of the DCT hash that differ from the group's representative (0 for the representative itself). */
  distance: number
}

export interface DuplicateGroupInfo {
  /** The representative (the largest file) first. */
  members: DuplicateMember[]
  /** Largest DCT-hash distance between two members found close. */
  maxDistance: number
}

export interface DuplicatesResult {
  datasetId: number
  /** The DCT-hash threshold used, and why (the default's reason, or "chosen by you"). */
  threshold: number
  thresholdReason: string
  /** The second check: least correlation of the two images' 8 × 8 colour copies. */
  confirmCorrelation: number
  /** Images compared (readable, not exact copies of another). */
  images: number
  /** Near-copy groups, largest first. */
  groups: DuplicateGroupInfo[]
  /** Images in near-copy groups. */
  groupedImages: number
  /** Files with byte-identical content (the import's file hash), one group per content. */
  exactCopies: DuplicateGroupInfo[]
  seconds: number
  finishedAt: string
}

/** The default DCT-hash threshold, in bits of 64. */
export const DEFAULT_DUPLICATE_THRESHOLD = 22
