/** The histogram of validation distances that training leaves in a model's folder (scores.json). */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { ScoreHistogram } from '../../shared/contract'
import { SCORES_FILE } from '../engine/nn/score-histogram'

const numbers = (x: unknown): x is number[] => Array.isArray(x) && x.every((v) => typeof v === 'number' && Number.isFinite(v))

/** The histogram in `folder` (absolute), or null when the model has none or the file is damaged. */
export function readScoreHistogram(folder: string | null): ScoreHistogram | null {
  if (folder === null) return null
  let parsed: unknown
  try {
    parsed = JSON.parse(readFileSync(join(folder, SCORES_FILE), 'utf8'))
  } catch {
    return null // no labelled validation pairs, a model trained before histograms, or an unreadable file
  }
  const { edges, similar, dissimilar } = (parsed ?? {}) as Record<string, unknown>
  if (!numbers(edges) || !numbers(similar) || !numbers(dissimilar)) return null
  if (similar.length !== edges.length - 1 || dissimilar.length !== similar.length) return null
  return { edges, similar, dissimilar }
}
