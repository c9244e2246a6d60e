import type { FeatureMethodInfo, FeatureParamInfo, FeatureSetInfo } from '../../../shared/contract'
import { formatCount, formatSeconds } from './format'

export type ParamValue = FeatureParamInfo['default']

/**
 * Parameters in one short line ("cell 16 · bins 9"); the table has no room for a column each.
 * Sets store their parameters with sorted keys; the method's own order reads better where it is known.
 */
export function paramsLine(params: Readonly<Record<string, ParamValue>>, method?: FeatureMethodInfo): string {
  const order = method?.params.map((p) => p.name) ?? []
  const rank = (name: string): number => (order.includes(name) ? order.indexOf(name) : order.length)
  const entries = Object.entries(params).sort(([a], [b]) => rank(a) - rank(b))
  const parts = entries.map(([name, value]) =>
    typeof value === 'boolean' ? `${name} ${value ? 'on' : 'off'}` : `${name} ${value}`
  )
  return parts.length > 0 ? parts.join(' · ') : '—'
}

/** "9,998 of 10,000": vectors held against the items that were read. */
export function vectorsLine(set: FeatureSetInfo): string {
  return `${formatCount(set.vectorCount)} of ${formatCount(set.eligibleCount)}`
}

/** Where the time went; sets that were not computed here have no time of their own. */
export function timingLine(set: FeatureSetInfo): string {
  switch (set.origin) {
    case 'import':
      return 'computed during import'
    case 'file':
      return 'from the file'
    default:
      return formatSeconds(set.seconds)
  }
}

export function defaultParams(method: FeatureMethodInfo): Record<string, ParamValue> {
  return Object.fromEntries(method.params.map((p) => [p.name, p.default]))
}

/**
 * What is wrong with a value typed into a parameter's field, before asking the engine. A number
 * field that is empty or holds text reads as null or NaN, which the engine could only call "not a number".
 */
export function paramProblem(param: FeatureParamInfo, value: ParamValue | null | undefined): string | null {
  if (param.spec.kind !== 'int') return null
  const { min, max } = param.spec
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    return `${param.name} takes a whole number from ${formatCount(min)} to ${formatCount(max)}.`
  }
  return null
}
