import type { DatasetSummary, ItemList, JobInfo, JobOf } from '../../shared/contract'

/** One status line on stderr: rewritten in place on a terminal, a line every few seconds elsewhere. */
export class ProgressLine {
  private lastPrint = 0
  private shown = false

  constructor(private readonly quiet: boolean, private readonly out: NodeJS.WriteStream = process.stderr) {}

  update(job: JobInfo): void {
    const { phase, done, total } = job.progress
    if (this.quiet || (done === 0 && total === null && phase === 'Waiting')) return
    const pct = total ? ` ${Math.floor((100 * done) / Math.max(1, total))}%` : ''
    const text = `${job.title}: ${phase} ${done}${total !== null ? `/${total}` : ''}${pct}`
    const now = Date.now()
    if (this.out.isTTY) {
      this.out.write(`\r${text.padEnd(78).slice(0, Math.max(78, text.length))}`)
      this.shown = true
    } else if (now - this.lastPrint > 2000) {
      this.out.write(`${text}\n`)
      this.lastPrint = now
    }
  }

  note(text: string): void {
    if (!this.quiet) this.out.write(`${this.shown ? '\n' : ''}${text}\n`)
    this.shown = false
  }

  done(): void {
    if (this.shown) this.out.write('\n')
    this.shown = false
  }
}

export interface ImportReport {
  job: JobOf<'import'>
  dataset: DatasetSummary | undefined
  items: ItemList | undefined
}

/** What an import found: images, groups and failures, with the reason for each failure. */
export function printImportReport(reports: ImportReport[], json: boolean, log: (s: string) => void = console.log): void {
  if (json) {
    log(JSON.stringify(reports.map(({ job, dataset, items }) => ({
      job: { id: job.id, state: job.state, error: job.error },
      dataset,
      summary: job.result,
      failures: items?.items.filter((i) => i.status === 'error' || i.status === 'partial').map((i) => ({ group: items.groups[i.group], name: i.name, status: i.status, reason: i.reason })) ?? []
    })), null, 2))
    return
  }
  for (const { job, dataset, items } of reports) {
    if (job.state === 'failed') log(`${job.title} failed: ${job.error?.message ?? 'unknown error'}`)
    if (job.state === 'cancelled' || job.state === 'interrupted') log(`${job.title} was ${job.state}: ${job.error?.message ?? ''}`)
    if (!dataset || !items) continue
    const r = job.result
    log(`\n${dataset.name} (${dataset.root})`)
    log(`  images:     ${dataset.itemCount - dataset.errorCount - dataset.missingCount} readable of ${dataset.itemCount} files`)
    log(`  groups:     ${dataset.groupCount}${items.groups.length ? ` (${items.groups.slice(0, 12).map((g) => g || '(top folder)').join(', ')}${items.groups.length > 12 ? ', …' : ''})` : ''}`)
    log(`  failures:   ${dataset.errorCount} unreadable, ${dataset.partialCount} partly readable`)
    if (dataset.duplicateCount) log(`  duplicates: ${dataset.duplicateCount} exact copies of other files`)
    if (dataset.missingCount) log(`  missing:    ${dataset.missingCount} no longer in the folder`)
    if (r) log(`  this run:   ${r.processed} read, ${r.unchanged} unchanged, ${r.skipped.length} skipped, ${r.seconds.toFixed(1)} s`)
    const problems = items.items.filter((i) => i.status === 'error' || i.status === 'partial')
    for (const p of problems.slice(0, 20)) {
      const g = items.groups[p.group]
      log(`    ${p.status === 'error' ? '✗' : '!'} ${g ? `${g}/` : ''}${p.name}: ${p.reason}`)
    }
    if (problems.length > 20) log(`    … and ${problems.length - 20} more (run the import again with --json to list them all)`)
    for (const s of r?.skipped.slice(0, 10) ?? []) log(`    - skipped ${s.path}: ${s.reason}`)
  }
}
