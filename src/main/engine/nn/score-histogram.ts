/**
 * The distances of similar and dissimilar validation pairs as two histograms over shared bins, so
 * a user sees how far apart the two kinds lie and where the chosen threshold cuts between them.
 */

export interface ScoreHistogram {
  /** bins + 1 increasing bin edges from 0 to the largest distance (or the threshold, if larger). */
  edges: number[]
  /** Pairs of the same label in each bin. */
  similar: number[]
  /** Pairs of different labels in each bin. */
  dissimilar: number[]
}

export const HISTOGRAM_BINS = 30

/**
 * Counts each pair in the bin its distance falls in: [edges[i], edges[i+1]), the last bin closed so
 * the largest distance counts. A negative or non-finite distance is left out.
 */
export function scoreHistogram(distances: ArrayLike<number>, same: ArrayLike<number>, threshold: number | null = null, bins = HISTOGRAM_BINS): ScoreHistogram {
  let max = threshold !== null && Number.isFinite(threshold) ? Math.max(0, threshold) : 0
  for (let i = 0; i < distances.length; i++) if (Number.isFinite(distances[i]!)) max = Math.max(max, distances[i]!)
  // All pairs at distance 0 still get bins a reader can see.
  if (max === 0) max = 1
  const edges = Array.from({ length: bins + 1 }, (_, i) => (i === bins ? max : (max * i) / bins))
  const similar = new Array<number>(bins).fill(0)
  const dissimilar = new Array<number>(bins).fill(0)
  for (let i = 0; i < distances.length; i++) {
    const d = distances[i]!
    if (!Number.isFinite(d) || d < 0) continue
    const bin = Math.min(bins - 1, Math.floor((d / max) * bins))
    if (same[i]) similar[bin]!++
    else dissimilar[bin]!++
  }
  return { edges, similar, dissimilar }
}

/** The histogram's file in a model's folder, beside fusion.json: ScoreHistogram plus the threshold. */
export const SCORES_FILE = 'scores.json'
