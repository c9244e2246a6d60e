import type { DuplicateGroupInfo, DuplicatesResult } from '../../shared/contract'
import { DEFAULT_DUPLICATE_THRESHOLD } from '../../shared/types/duplicates'
import { checkDuplicatesRequest, createDuplicatesJob } from '../app/duplicates-service'
import { Library, type LibraryOptions } from '../app/library'
import { launchDuplicates } from '../app/services'
import { FeaturesUsageError, findDataset, readFeatureArgs } from './features'
import { ProgressLine } from './output'

export const DUPLICATES_HELP = `likeness duplicates <dataset> [--threshold N] [--json] [options]

Finds near copies among a dataset's images (given by id or name): resized, recompressed, slightly
cropped, turned or brightened versions of one picture. Perceptual hashes are computed once and kept
as feature sets; byte-identical files are listed apart.

  --threshold <n>      most of the 64 DCT-hash bits two near copies may differ in (default ${DEFAULT_DUPLICATE_THRESHOLD});
                       lower finds fewer, surer groups, higher finds more edited copies
  --json               print the groups as JSON
  --db <file>          library file
  --workers <n>        threads (default: one per core)`

const KNOWN = new Set(['threshold', 'json', 'db', 'workers', 'help'])

const count = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`

function printGroups(title: string, groups: readonly DuplicateGroupInfo[], withDistance: boolean): void {
  console.log(title)
  groups.forEach((g, i) => {
    console.log(`  ${i + 1}. ${count(g.members.length, 'file', 'files')}${withDistance ? `, up to ${g.maxDistance} bits apart` : ''}`)
    for (const m of g.members) console.log(`       ${m.relPath}${withDistance && m.distance > 0 ? `  (${m.distance} bits)` : ''}`)
  })
}

function printResult(r: DuplicatesResult): void {
  console.log(`${r.images} images compared at threshold ${r.threshold} (${r.thresholdReason})`)
  if (r.groups.length === 0) console.log('No near copies found. A higher --threshold finds more heavily edited copies.')
  else printGroups(`${count(r.groups.length, 'group', 'groups')} of near copies (${r.groupedImages} images):`, r.groups, true)
  if (r.exactCopies.length > 0) printGroups(`${count(r.exactCopies.length, 'set', 'sets')} of exact copies (identical bytes):`, r.exactCopies, false)
}

export async function duplicatesCommand(argv: string[], dbPath: (given?: string) => string, libOptions: LibraryOptions): Promise<number> {
  const { values, positionals } = readFeatureArgs(argv)
  if (values.help) return (console.log(DUPLICATES_HELP), 0)
  for (const k of Object.keys(values)) if (!KNOWN.has(k)) throw new FeaturesUsageError(`likeness duplicates has no option --${k}: see "likeness duplicates --help".`)
  const [ref, ...extra] = positionals
  if (!ref || extra.length > 0) throw new FeaturesUsageError('Name one dataset: likeness duplicates <dataset>. "likeness datasets" lists them.')
  let threshold: number | undefined
  if (values.threshold !== undefined) {
    threshold = Number(values.threshold)
    if (!Number.isInteger(threshold) || threshold < 0 || threshold > 32) throw new FeaturesUsageError(`--threshold takes a whole number of bits from 0 to 32, not "${String(values.threshold)}".`)
  }
  const json = values.json === true
  const lib = new Library(dbPath(typeof values.db === 'string' ? values.db : undefined), libOptions)
  try {
    const dataset = findDataset(lib, ref)
    const p = checkDuplicatesRequest(lib, { datasetId: dataset.id, ...(threshold !== undefined && { threshold }) })
    const progress = new ProgressLine(json)
    lib.bus.on('job:progress', (j) => progress.update(j))
    const onSigint = (): void => void lib.runner.cancelAll()
    process.on('SIGINT', onSigint)
    const job = await launchDuplicates(lib, createDuplicatesJob(lib, dataset, p))
    process.off('SIGINT', onSigint)
    progress.done()
    if (json) console.log(JSON.stringify({ job: { id: job.id, state: job.state, error: job.error }, result: job.result }, null, 2))
    else if (job.state !== 'done' || !job.result) console.log(`${job.title} ${job.state}: ${job.error?.message ?? ''}`)
    else printResult(job.result)
    return job.state === 'done' ? 0 : 1
  } finally {
    await lib.close()
  }
}
