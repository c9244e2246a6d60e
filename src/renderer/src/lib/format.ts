import type { DatasetKind, EmbedSummary, FeaturesSummary, ImportSummary, JobInfo, RunResult, TrainSummary } from '../../../shared/contract'

const numberFormat = new Intl.NumberFormat()

export function formatCount(n: number): string {
  return numberFormat.format(n)
}

/** "1 image", "2,431 images". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`
}

/** The dataset root itself has the empty group name; users know it as the top folder. */
export function groupLabel(group: string | undefined): string {
  return group ? group : '(top folder)'
}

/** What one item of a dataset is called, by what the dataset holds. */
export const ITEM_WORDS: Record<DatasetKind, [string, string]> = {
  images: ['image', 'images'],
  vectors: ['row', 'rows'],
  sequences: ['sequence', 'sequences']
}

export function summaryLine(summary: ImportSummary): string {
  const [one, many] = ITEM_WORDS[summary.kind ?? 'images']
  const parts = [`${plural(summary.processed, one, many)} read`]
  if (summary.unchanged > 0) parts.push(`${formatCount(summary.unchanged)} unchanged`)
  parts.push(summary.errors === 0 ? 'no errors' : plural(summary.errors, 'error'))
  if (summary.skipped.length > 0) parts.push(`${formatCount(summary.skipped.length)} skipped`)
  if (summary.missing > 0) parts.push(`${formatCount(summary.missing)} missing`)
  return `${parts.join(' · ')} in ${formatSeconds(summary.seconds)}`
}

export function featuresLine(summary: FeaturesSummary): string {
  if (summary.reused) return `Reused the existing ${plural(summary.vectors, 'vector')} (${summary.dimension} values each)`
  const failed = summary.failed > 0 ? ` · ${plural(summary.failed, 'failure')}` : ''
  return `${plural(summary.computed, 'vector')} computed (${summary.dimension} values each)${failed} in ${formatSeconds(summary.seconds)}`
}

export function runLine(result: RunResult): string {
  const noise = result.noiseFraction > 0 ? ` · ${formatPercent(result.noiseFraction)} noise` : ''
  return `${plural(result.nClusters, 'cluster')} of ${plural(result.n, 'item')}${noise} in ${formatSeconds(result.seconds)}`
}

/** The one-line summary of a job's result, whatever its kind. */
export function resultLine(job: JobInfo): string | null {
  if (!job.result) return null
  switch (job.kind) {
    case 'import':
      return summaryLine(job.result)
    case 'features':
      return featuresLine(job.result)
    case 'cluster':
      return runLine(job.result)
    case 'train':
      return trainLine(job.result)
    case 'embed':
      return embedLine(job.result)
    case 'duplicates':
      return `${plural(job.result.groups.length, 'group')} of near copies, ${plural(job.result.exactCopies.length, 'set')} of exact copies`
  }
}

/** "20 epochs (best 17) on cpu in 2 min 3 s" */
export function trainLine(result: TrainSummary): string {
  const best = result.bestEpoch !== null ? ` (best ${result.bestEpoch})` : ''
  const how = result.stopped === 'early' ? ', stopped early' : result.stopped === 'cancelled' ? ', cancelled' : ''
  return `${plural(result.epochs, 'epoch')}${best} on ${result.backend.name} in ${formatSeconds(result.seconds)}${how}`
}

/** "1,797 vectors of 64 values · 2 failed in 4.1 s" */
export function embedLine(result: EmbedSummary): string {
  const failed = result.failed > 0 ? ` · ${formatCount(result.failed)} failed` : ''
  return `${plural(result.vectors, 'vector')} of ${formatCount(result.dimension)} values${failed} in ${formatSeconds(result.seconds)}`
}

/** "4.5%", "38%": a share of 0 to 1, with one decimal below 10 % so small shares do not read as 0. */
export function formatPercent(fraction: number): string {
  const percent = fraction * 100
  return `${percent < 10 && percent > 0 ? percent.toFixed(1) : Math.round(percent)}%`
}

export function formatSeconds(seconds: number): string {
  if (seconds < 0.1) return 'under 0.1 s'
  if (seconds < 10) return `${seconds.toFixed(1)} s`
  if (seconds < 120) return `${Math.round(seconds)} s`
  return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`
}

/** What a finished or stopped job says about itself in one line. */
export function jobOutcome(job: JobInfo): string {
  switch (job.state) {
    case 'done':
      return resultLine(job) ?? 'Finished.'
    case 'failed':
      return job.error?.message ?? 'Failed for an unknown reason.'
    case 'cancelled':
      return job.result ? `Cancelled. ${resultLine(job)}` : (job.error?.message ?? 'Cancelled.')
    case 'interrupted':
      return 'Stopped when Likeness closed. Resume to continue where it left off.'
    default:
      return job.progress.phase
  }
}
