/**
 * `likeness cluster` (or `run`) on a sequence dataset: its own options (the sequences are clustered
 * by edit distance, not from a feature set) and its own summary, with the clusters listed.
 */
import type { RunDetail, RunRequest, SequenceSettings } from '../../shared/contract'
import { clusterName } from '../../shared/palette'
import { FeaturesUsageError } from './features'

export const SEQUENCE_OPTIONS_HELP = `
For a dataset of sequences (FASTA, one per line) the run compares MinHash candidates by Levenshtein
distance instead; its options:
  --kmer <n|auto>         shingle length (auto: from the alphabet and the lengths)
  --jaccard <x|auto>      MinHash target: pairs this alike become candidates half the time
  --max-distance <x>      largest edit distance over the longer length that joins two (default 0.2)
  --min-samples <n>       DBSCAN: relatives within it, the sequence included, of a core one (default 3)
  --algo <dbscan|components>  DBSCAN (rare sequences stay noise) or connected components
  --seed <n>, --report <file>, --json, --db <file> as above`

const FEATURE_ONLY = ['features', 'feature-set', 'post', 'reduce', 'neighbors', 'min-dist', 'cluster-dims', 'on', 'k', 'eps', 'min-cluster-size']

/** The run request for a sequence dataset from the command's options; feature options are refused by name. */
export function sequenceRequest(datasetId: number, name: string, values: Record<string, string | boolean>): RunRequest {
  const given = FEATURE_ONLY.filter((k) => values[k] !== undefined)
  if (given.length > 0) {
    throw new FeaturesUsageError(`${name} holds sequences, clustered by edit distance: --${given[0]} does not apply. "likeness cluster --help" lists the sequence options.`)
  }
  const number = (key: string, auto: boolean): number | 'auto' | undefined => {
    const v = values[key]
    if (v === undefined) return undefined
    if (auto && v === 'auto') return 'auto'
    const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : Number.NaN
    if (!Number.isFinite(n)) throw new FeaturesUsageError(`--${key} takes a number${auto ? ' or "auto"' : ''}, not "${String(v)}".`)
    return n
  }
  const algo = values.algo
  if (algo !== undefined && algo !== 'dbscan' && algo !== 'components') {
    throw new FeaturesUsageError(`Sequences are clustered with --algo dbscan or components, not "${String(algo)}".`)
  }
  const sequences: Partial<SequenceSettings> = {}
  const k = number('kmer', true)
  if (k !== undefined) sequences.k = k
  const jaccard = number('jaccard', true)
  if (jaccard !== undefined) sequences.jaccard = jaccard
  const maxDistance = number('max-distance', false)
  if (maxDistance !== undefined) sequences.maxDistance = maxDistance as number
  const minSamples = number('min-samples', false)
  if (minSamples !== undefined) sequences.minSamples = minSamples as number
  if (algo !== undefined) sequences.method = algo
  const seed = number('seed', false) as number | undefined
  return { datasetId, settings: { sequences, ...(seed === undefined ? {} : { seed }) } }
}

/** Names of a cluster's members shown before "…". */
const SHOWN = 8

export function printSequenceRun(run: RunDetail): void {
  const s = run.settings.sequences!
  const c = run.chosen.sequences!
  const f = (v: number | null): string => (v === null ? '—' : v.toFixed(3))
  const method = s.method === 'components' ? 'connected components' : `DBSCAN (min samples ${s.minSamples})`
  console.log(`Run ${run.id}: ${run.featureLabel} → ${method}: ${run.nClusters} clusters, ${(100 * run.noiseFraction).toFixed(1)} % noise, ${run.n} sequences`)
  console.log(`  k ${c.k} · ${c.bands} bands of ${c.rows} rows · Jaccard target ${c.jaccard.toFixed(2)} · largest distance ${s.maxDistance}`)
  for (const w of run.warnings) console.log(`  Warning: ${w}`)
  for (const note of run.notes) console.log(`  ${note}`)
  const m = run.metrics
  if (m.acc !== null) console.log(`  against the groups: ACC ${f(m.acc)} · NMI ${f(m.nmi)} · ARI ${f(m.ari)}`)
  else if (m.externalSkipped) console.log(`  ${m.externalSkipped}`)
  console.log(`  ${Object.entries(run.timings).map(([k, v]) => `${k} ${v.toFixed(2)} s`).join(' · ')}`)
  for (const cluster of run.clusters) {
    const members = run.names.filter((_, i) => run.labels[i] === cluster.label)
    const more = members.length > SHOWN ? `, … (${members.length - SHOWN} more)` : ''
    console.log(`${clusterName(cluster.label)} (${cluster.size}): ${members.slice(0, SHOWN).join(', ')}${more}`)
  }
}
