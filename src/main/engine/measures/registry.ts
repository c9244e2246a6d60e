/**
 * The shape of the measure registry (index.ts): what a measure declares about itself, and the
 * parameter checking every registered measure gets for free.
 */
import { MeasureError, type Vector } from './errors'
import type { Histogram1D } from './emd-1d'
import type { Signature } from './emd-signature'
import type { Token } from './jaccard'

export type MeasureKind = 'vector' | 'binary' | 'set' | 'string' | 'histogram' | 'signature'

/** What each kind of measure compares. */
export interface MeasureInput {
  vector: Vector
  binary: Vector
  set: Iterable<Token>
  string: string
  histogram: Vector | Histogram1D
  signature: Signature
}

export interface MeasureParam {
  name: string
  label: string
  description: string
  /** Used when the caller gives none; absent for optional parameters that are off by default. */
  default?: number
  min?: number
  integer?: boolean
}

export type MeasureParams = Readonly<Record<string, number | undefined>>

export interface MeasureDescription<K extends MeasureKind = MeasureKind> {
  id: string
  label: string
  kind: K
  orientation: 'distance' | 'similarity'
  /** Satisfies the metric axioms, the triangle inequality included. */
  metric: boolean
  /** Smallest and largest possible values (JSON has no Infinity: null means unbounded). */
  range: readonly [number, number | null]
  description: string
  params: readonly MeasureParam[]
}

export interface Measure<K extends MeasureKind = MeasureKind> extends MeasureDescription<K> {
  compute(a: MeasureInput[K], b: MeasureInput[K], params?: MeasureParams): number
}

export type AnyMeasure = { [K in MeasureKind]: Measure<K> }[MeasureKind]

const NONE: MeasureParams = Object.freeze({})

export function entry<K extends MeasureKind>(
  d: Omit<MeasureDescription<K>, 'params'> & { params?: MeasureParam[] },
  compute: (a: MeasureInput[K], b: MeasureInput[K], p: Readonly<Record<string, number | undefined>>) => number
): Measure<K> {
  const params = d.params ?? []
  return {
    ...d,
    params,
    // Most measures take no parameters; skip the checking (and its allocations) when none are given.
    compute: (a, b, given) => compute(a, b, given === undefined && params.length === 0 ? NONE : checkParams(d.id, params, given ?? NONE))
  }
}

function checkParams(id: string, specs: readonly MeasureParam[], given: MeasureParams): Record<string, number | undefined> {
  const known = new Set(specs.map((s) => s.name))
  for (const name of Object.keys(given)) {
    if (!known.has(name)) {
      throw new MeasureError(`${id}: unknown parameter "${name}". ${specs.length ? `Parameters: ${[...known].join(', ')}.` : 'It takes none.'}`)
    }
  }
  const out: Record<string, number | undefined> = {}
  for (const s of specs) {
    const v = given[s.name] ?? s.default
    if (v !== undefined && (typeof v !== 'number' || Number.isNaN(v) || (s.min !== undefined && v < s.min) || (s.integer && !Number.isInteger(v)))) {
      const need = [s.integer ? 'a whole number' : 'a number', s.min !== undefined ? `≥ ${s.min}` : ''].filter(Boolean).join(' ')
      throw new MeasureError(`${id}: ${s.name} must be ${need}, not ${String(v)}.`)
    }
    out[s.name] = v
  }
  return out
}
