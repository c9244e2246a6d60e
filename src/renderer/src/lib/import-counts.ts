import type { ItemList, ImportSummary, SkippedEntry } from '../../../shared/contract'
import { formatCount, formatSeconds, plural, summaryLine } from './format'

/**
 * What an image import found, counted as the dataset header counts it: every file the dataset
 * holds is either decoded (whole or leniently) or unreadable, so the parts add up to the header's
 * number of files. "Read" alone was ambiguous: it counted the files looked at, unreadable ones too.
 */
export interface ImportCounts {
  /** Files of the dataset that are in the folder: decoded + unreadable. */
  files: number
  decoded: number
  /** Of the decoded files, those decoded leniently because they are damaged. */
  partial: number
  unreadable: number
  skipped: number
  /** Files looked at in this import (new or changed); the rest were unchanged. */
  readNow: number
  unchanged: number
  missing: number
}

export function importCounts(summary: ImportSummary): ImportCounts {
  return {
    files: summary.ok + summary.partial + summary.errors,
    decoded: summary.ok + summary.partial,
    partial: summary.partial,
    unreadable: summary.errors,
    skipped: summary.skipped.length,
    readNow: summary.processed,
    unchanged: summary.unchanged,
    missing: summary.missing
  }
}

/** "40 files · 39 decoded · 1 unreadable · 2 skipped in 1.2 s": the same numbers as the dataset header. */
export function importLine(summary: ImportSummary): string {
  if (summary.kind !== undefined && summary.kind !== 'images') return summaryLine(summary)
  const c = importCounts(summary)
  const parts = [plural(c.files, 'file'), `${formatCount(c.decoded)} decoded`]
  if (c.partial > 0) parts.push(`${formatCount(c.partial)} of them damaged`)
  parts.push(`${formatCount(c.unreadable)} unreadable`)
  if (c.skipped > 0) parts.push(`${formatCount(c.skipped)} skipped`)
  if (c.missing > 0) parts.push(`${formatCount(c.missing)} missing`)
  if (c.unchanged > 0) parts.push(`${formatCount(c.readNow)} read now, ${formatCount(c.unchanged)} unchanged`)
  return `${parts.join(' · ')} in ${formatSeconds(summary.seconds)}`
}

export interface Problem {
  path: string
  reason: string
  kind: 'unreadable' | 'damaged' | 'skipped'
}

/** Every problem of a dataset, in path order within each kind: unreadable, damaged, then skipped entries. */
export function problemsOf(list: ItemList | null, skipped: readonly SkippedEntry[]): Problem[] {
  const items = list?.items ?? []
  const pathOf = (group: number, name: string): string => (list?.groups[group] ? `${list.groups[group]}/${name}` : name)
  const byKind = (status: 'error' | 'partial', kind: Problem['kind']): Problem[] =>
    items
      .filter((i) => i.status === status)
      .map((i) => ({ path: pathOf(i.group, i.name), reason: i.reason ?? 'No reason was recorded.', kind }))
      .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
  return [
    ...byKind('error', 'unreadable'),
    ...byKind('partial', 'damaged'),
    ...skipped.map((s) => ({ path: s.path, reason: s.reason, kind: 'skipped' as const }))
  ]
}
