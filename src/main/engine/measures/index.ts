/**
 * The measures the app offers, in one registry: each entry says what it compares (`kind`), whether
 * smaller means closer (`distance`) or larger does (`similarity`), whether it is a metric (the
 * triangle inequality holds, so metric indexes and pruning may rely on it), its parameters, and
 * how to call it. `describeMeasures()` is the plain-data listing for the UI and the CLI.
 */
import { cosineDistance, cosineSimilarity } from './cosine'
import { pearson, spearman } from './correlation'
import { damerauLevenshtein, osa } from './damerau'
import { emd1d } from './emd-1d'
import { emdSignature } from './emd-signature'
import { MeasureError } from './errors'
import { hammingBinary, hammingString } from './hamming'
import { jaccardBinaryDistance, jaccardSetDistance } from './jaccard'
import { jaro, jaroWinkler } from './jaro'
import { levenshtein } from './levenshtein'
import { chebyshev, euclidean, manhattan, minkowski, squaredEuclidean } from './minkowski'
import { entry, type AnyMeasure, type MeasureDescription, type MeasureKind, type MeasureParam } from './registry'

export { MeasureError } from './errors'
export type { Vector } from './errors'
export type { Histogram1D } from './emd-1d'
export type { Signature } from './emd-signature'
export type { Token } from './jaccard'
export { gridCentres, gridSignature } from './emd-signature'
export type { AnyMeasure, Measure, MeasureDescription, MeasureInput, MeasureKind, MeasureParam, MeasureParams } from './registry'

const P_PARAM: MeasureParam = {
  name: 'p',
  label: 'p',
  description: 'The order of the norm: 1 is Manhattan, 2 Euclidean; a larger p weighs the largest differences more.',
  default: 2,
  min: 1
}
const MAX_DISTANCE: MeasureParam = {
  name: 'maxDistance',
  label: 'Maximum distance',
  description: 'Stop early once the distance exceeds this; such pairs report maxDistance + 1.',
  min: 0,
  integer: true
}

export const MEASURES: readonly AnyMeasure[] = [
  entry(
    {
      id: 'euclidean', label: 'Euclidean', kind: 'vector', orientation: 'distance', metric: true, range: [0, null],
      description: 'Straight-line distance, √Σ(aᵢ − bᵢ)².'
    },
    euclidean
  ),
  entry(
    {
      id: 'sqeuclidean', label: 'Squared Euclidean', kind: 'vector', orientation: 'distance', metric: false, range: [0, null],
      description: 'Σ(aᵢ − bᵢ)²: ranks pairs as Euclidean does, but breaks the triangle inequality.'
    },
    squaredEuclidean
  ),
  entry(
    {
      id: 'manhattan', label: 'Manhattan', kind: 'vector', orientation: 'distance', metric: true, range: [0, null],
      description: 'City-block distance, Σ|aᵢ − bᵢ|.'
    },
    manhattan
  ),
  entry(
    {
      id: 'minkowski', label: 'Minkowski', kind: 'vector', orientation: 'distance', metric: true, range: [0, null],
      description: '(Σ|aᵢ − bᵢ|ᵖ)^(1/p); a metric for p ≥ 1.', params: [P_PARAM]
    },
    (a, b, p) => minkowski(a, b, p.p!)
  ),
  entry(
    {
      id: 'chebyshev', label: 'Chebyshev', kind: 'vector', orientation: 'distance', metric: true, range: [0, null],
      description: 'The largest coordinate difference, max|aᵢ − bᵢ|.'
    },
    chebyshev
  ),
  entry(
    {
      id: 'cosine-similarity', label: 'Cosine similarity', kind: 'vector', orientation: 'similarity', metric: false, range: [-1, 1],
      description: 'The cosine of the angle between the vectors; undefined for a zero vector.'
    },
    cosineSimilarity
  ),
  entry(
    {
      id: 'cosine-distance', label: 'Cosine distance', kind: 'vector', orientation: 'distance', metric: false, range: [0, 2],
      description: '1 − cosine similarity (scipy\'s "cosine"); not a metric.'
    },
    cosineDistance
  ),
  entry(
    {
      id: 'pearson', label: 'Pearson correlation', kind: 'vector', orientation: 'similarity', metric: false, range: [-1, 1],
      description: 'Linear correlation of the coordinates; undefined for a constant vector.'
    },
    pearson
  ),
  entry(
    {
      id: 'spearman', label: 'Spearman correlation', kind: 'vector', orientation: 'similarity', metric: false, range: [-1, 1],
      description: 'Pearson correlation of the ranks, ties sharing their average rank.'
    },
    spearman
  ),
  entry(
    {
      id: 'jaccard-binary', label: 'Jaccard distance (binary)', kind: 'binary', orientation: 'distance', metric: true, range: [0, 1],
      description: '1 − |A ∩ B| / |A ∪ B| over the positions holding 1; two all-zero vectors are at 0.'
    },
    jaccardBinaryDistance
  ),
  entry(
    {
      id: 'hamming-binary', label: 'Hamming (binary)', kind: 'binary', orientation: 'distance', metric: true, range: [0, null],
      description: 'The number of positions that differ (scipy\'s hamming is this count divided by the length).'
    },
    hammingBinary
  ),
  entry(
    {
      id: 'jaccard-set', label: 'Jaccard distance (sets)', kind: 'set', orientation: 'distance', metric: true, range: [0, 1],
      description: '1 − |A ∩ B| / |A ∪ B|; two empty sets are at 0.'
    },
    jaccardSetDistance
  ),
  entry(
    {
      id: 'hamming-string', label: 'Hamming (strings)', kind: 'string', orientation: 'distance', metric: true, range: [0, null],
      description: 'The number of positions whose characters differ, for strings of equal length.'
    },
    hammingString
  ),
  entry(
    {
      id: 'levenshtein', label: 'Levenshtein', kind: 'string', orientation: 'distance', metric: true, range: [0, null],
      description: 'The fewest insertions, deletions and substitutions turning one string into the other.', params: [MAX_DISTANCE]
    },
    (a, b, p) => levenshtein(a, b, { maxDistance: p.maxDistance })
  ),
  entry(
    {
      id: 'osa', label: 'Damerau-Levenshtein (optimal string alignment)', kind: 'string', orientation: 'distance', metric: false, range: [0, null],
      description: 'Levenshtein plus swaps of adjacent characters, no substring edited twice; breaks the triangle inequality.'
    },
    osa
  ),
  entry(
    {
      id: 'damerau-levenshtein', label: 'Damerau-Levenshtein (unrestricted)', kind: 'string', orientation: 'distance', metric: true, range: [0, null],
      description: 'Levenshtein plus swaps of adjacent characters, with edits allowed between swapped characters.'
    },
    damerauLevenshtein
  ),
  entry(
    {
      id: 'jaro', label: 'Jaro', kind: 'string', orientation: 'similarity', metric: false, range: [0, 1],
      description: 'Shared characters near the same positions, penalised for transpositions.'
    },
    jaro
  ),
  entry(
    {
      id: 'jaro-winkler', label: 'Jaro-Winkler', kind: 'string', orientation: 'similarity', metric: false, range: [0, 1],
      description: 'Jaro with a bonus for a common prefix (scale 0.1, up to 4 characters).'
    },
    jaroWinkler
  ),
  entry(
    {
      id: 'emd-1d', label: "Earth Mover's Distance (1-D histograms)", kind: 'histogram', orientation: 'distance', metric: true, range: [0, null],
      description: 'Exact optimal transport cost between normalised histograms on a line.'
    },
    emd1d
  ),
  entry(
    {
      id: 'emd-signature', label: "Earth Mover's Distance (2-D signatures)", kind: 'signature', orientation: 'distance', metric: true, range: [0, null],
      description: 'Exact optimal transport cost between normalised block signatures, Euclidean ground distance.'
    },
    emdSignature
  )
]

const BY_ID = new Map<string, AnyMeasure>(MEASURES.map((m) => [m.id, m]))

export function getMeasure(id: string): AnyMeasure {
  const m = BY_ID.get(id)
  if (!m) throw new MeasureError(`There is no measure "${id}". Measures: ${MEASURES.map((x) => x.id).join(', ')}.`)
  return m
}

/** The registry without its functions: plain data for the UI, the CLI and IPC. */
export function describeMeasures(kind?: MeasureKind): MeasureDescription[] {
  return MEASURES.filter((m) => kind === undefined || m.kind === kind).map(({ compute: _compute, ...d }) => ({
    ...d,
    params: d.params.map((p) => ({ ...p }))
  }))
}
