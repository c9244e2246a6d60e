import type { SequenceSettings } from '../../../shared/contract'
import type { Checked } from './run-form'

/**
 * The run panel's fields for a sequence dataset, as typed: k and the Jaccard target are text because
 * "auto" is as valid an answer as a number; number fields read as null while empty.
 */
export interface SequenceDraft {
  k: string
  jaccard: string
  maxDistance: number | null
  minSamples: number | null
  method: SequenceSettings['method']
}

/** Why each default is what it is, shown beside its field. */
export const SEQUENCE_REASONS = {
  k: 'k-mer length "auto": the shortest k-mers that an unrelated sequence shares only by chance, given the alphabet and the lengths.',
  jaccard: 'Jaccard target "auto": the share of k-mers that two sequences half the largest distance apart still have in common, so closer pairs are nearly always compared.',
  maxDistance: 'Two sequences join when their edit distance is at most this share of the longer one (0.2: a fifth of the positions).',
  minSamples: 'DBSCAN: a sequence with this many close relatives, itself included, anchors a cluster; one with fewer and no anchor nearby is noise.',
  method: 'Connected components leave nothing as noise but chain families that share one close pair.'
} as const

export const SEQUENCE_METHODS: readonly { value: SequenceSettings['method']; label: string }[] = [
  { value: 'dbscan', label: 'DBSCAN' },
  { value: 'components', label: 'Connected components' }
]

export function sequenceDraftFrom(s: SequenceSettings): SequenceDraft {
  return { k: String(s.k), jaccard: String(s.jaccard), maxDistance: s.maxDistance, minSamples: s.minSamples, method: s.method }
}

/** The settings a draft stands for, or the first problem with it, named as the panel labels the field. */
export function sequenceSettingsFrom(d: SequenceDraft): Checked<SequenceSettings> {
  const fail = (problem: string): Checked<SequenceSettings> => ({ ok: false, problem })
  const kText = d.k.trim().toLowerCase()
  const k = kText === 'auto' ? 'auto' : /^\d+$/.test(kText) ? Number(kText) : Number.NaN
  if (k !== 'auto' && !(k >= 2 && k <= 32)) return fail('k-mer length takes a whole number from 2 to 32 (5 to 8 suit DNA), or "auto".')
  const jText = d.jaccard.trim().toLowerCase()
  const jaccard = jText === 'auto' ? 'auto' : jText === '' ? Number.NaN : Number(jText)
  if (jaccard !== 'auto' && !(jaccard > 0 && jaccard < 1)) return fail('Jaccard target takes a number above 0 and below 1 (such as 0.3), or "auto".')
  const maxDistance = d.maxDistance
  if (typeof maxDistance !== 'number' || !(maxDistance > 0 && maxDistance < 1)) return fail('Largest distance takes a number above 0 and below 1, such as 0.2.')
  const minSamples = d.minSamples
  if (typeof minSamples !== 'number' || !Number.isInteger(minSamples) || minSamples < 1 || minSamples > 1000) {
    return fail('Min samples takes a whole number from 1 to 1,000.')
  }
  return { ok: true, value: { k, jaccard, maxDistance, minSamples, method: d.method } }
}
