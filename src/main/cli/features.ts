import type { DatasetSummary, FeatureMethodInfo } from '../../shared/contract'
import { Library, type LibraryOptions } from '../app/library'
import { checkFeaturesRequest, createFeaturesJob, featureMethods, featureSetsOf } from '../app/features-service'
import { launchFeatures } from '../app/services'
import { ProgressLine } from './output'

const kebab = (name: string): string => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)

export const FEATURES_HELP = `likeness features <dataset> [--method <id>] [--<parameter> <value>...] [--post <steps>] [options]

Computes a feature set of a dataset (given by id or name), or reuses a complete one with the same
method and parameters. Without --method it lists the dataset's feature sets.

  --method <id>        ${featureMethods().map((m) => m.id).join(', ')}
  --post <steps>       post-processing, in order: zscore, minmax, l2, pca=<n> (e.g. "zscore,pca=50")
  --list               list the dataset's feature sets (the default without --method)
  --methods            list the methods and their parameters
  --json               print JSON
  --db <file>          library file
  --workers <n>        threads (default: one per core)

Method parameters (defaults in brackets):
${featureMethods().map(describeMethod).join('\n')}`

function describeMethod(m: FeatureMethodInfo): string {
  const params = m.params.map((p) => `--${kebab(p.name)} ${describeSpec(p.spec)} [${String(p.default)}]`)
  return `  ${m.id.padEnd(16)} ${m.description}${params.length ? `\n${params.map((p) => `      ${p}`).join('\n')}` : ''}`
}

function describeSpec(spec: FeatureMethodInfo['params'][number]['spec']): string {
  if (spec.kind === 'int') return `<${spec.min}..${spec.max}>`
  if (spec.kind === 'enum') return `<${spec.values.join('|')}>`
  return '<true|false>'
}


export class FeaturesUsageError extends Error {}

/** Reads `--cell 8 --transform-sqrt true` into the method's typed parameters. */
export function methodParams(method: FeatureMethodInfo, options: Record<string, string | boolean | undefined>): Record<string, number | string | boolean> {
  const out: Record<string, number | string | boolean> = {}
  const byFlag = new Map(method.params.map((p) => [kebab(p.name), p]))
  for (const [flag, raw] of Object.entries(options)) {
    if (raw === undefined) continue
    const p = byFlag.get(flag) ?? byFlag.get(kebab(flag))
    if (!p) {
      const known = method.params.map((q) => `--${kebab(q.name)}`).join(', ') || 'none'
      throw new FeaturesUsageError(`${method.label} has no option --${flag}; its options are ${known}.`)
    }
    const text = String(raw)
    if (p.spec.kind === 'int') {
      const n = Number(text)
      out[p.name] = Number.isFinite(n) && text.trim() !== '' ? n : NaN
    } else if (p.spec.kind === 'bool') {
      if (raw === true || text === 'true') out[p.name] = true
      else if (text === 'false') out[p.name] = false
      else throw new FeaturesUsageError(`--${kebab(p.name)} takes true or false, not "${text}".`)
    } else out[p.name] = text
  }
  return out
}

export function findDataset(lib: Library, ref: string): DatasetSummary {
  const all = lib.datasets.list()
  const byId = /^\d+$/.test(ref) ? all.find((d) => d.id === Number(ref)) : undefined
  const byName = all.filter((d) => d.name === ref)
  if (byId) return byId
  if (byName.length === 1) return byName[0]!
  if (byName.length > 1) throw new FeaturesUsageError(`Several datasets are named "${ref}": give its id (${byName.map((d) => d.id).join(', ')}).`)
  throw new FeaturesUsageError(`There is no dataset "${ref}". "likeness datasets" lists them.`)
}

const COMMON = new Set(['db', 'workers', 'json', 'method', 'post', 'list', 'methods', 'help'])
const FLAGS = new Set(['json', 'list', 'methods', 'help', 'h'])

/**
 * Reads `--name value`, `--name=value` and the flags above. Method parameters are not known until
 * the method is, so every other option takes the value after it.
 */
export function readFeatureArgs(argv: readonly string[]): { values: Record<string, string | boolean>; positionals: string[] } {
  const values: Record<string, string | boolean> = {}
  const positionals: string[] = []
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg)
      continue
    }
    const [rawName, inline] = arg.replace(/^--?/, '').split(/=(.*)/s, 2) as [string, string | undefined]
    const name = rawName === 'h' ? 'help' : rawName
    if (inline !== undefined) values[name] = inline
    else if (FLAGS.has(name)) values[name] = true
    else if (i + 1 < argv.length) values[name] = argv[++i]!
    else throw new FeaturesUsageError(`--${name} needs a value.`)
  }
  return { values, positionals }
}

export async function featuresCommand(argv: string[], dbPath: (given?: string) => string, libOptions: LibraryOptions): Promise<number> {
  const { values, positionals } = readFeatureArgs(argv)
  if (values.help) return (console.log(FEATURES_HELP), 0)
  const json = values.json === true
  if (values.methods) {
    const methods = featureMethods()
    console.log(json ? JSON.stringify(methods, null, 2) : methods.map(describeMethod).join('\n'))
    return 0
  }
  const [ref, ...extra] = positionals
  if (!ref || extra.length > 0) throw new FeaturesUsageError('Name one dataset: likeness features <dataset> --method hog. "likeness datasets" lists them.')
  const lib = new Library(dbPath(typeof values.db === 'string' ? values.db : undefined), libOptions)
  try {
    const dataset = findDataset(lib, ref)
    if (typeof values.method !== 'string') return (printSets(lib, dataset, json), 0)
    const method = featureMethods().find((m) => m.id === values.method)
    if (!method) throw new FeaturesUsageError(`Unknown method "${String(values.method)}": use one of ${featureMethods().map((m) => m.id).join(', ')}.`)
    const rest = Object.fromEntries(Object.entries(values).filter(([k]) => !COMMON.has(k))) as Record<string, string | boolean | undefined>
    const p = checkFeaturesRequest(dataset, { datasetId: dataset.id, method: method.id, params: methodParams(method, rest), post: typeof values.post === 'string' ? values.post : '' }, lib)
    const progress = new ProgressLine(json)
    lib.bus.on('job:progress', (j) => progress.update(j))
    let interrupts = 0
    const onSigint = (): void => {
      if (++interrupts > 1) process.exit(130)
      progress.note('Cancelling… (nothing computed so far is kept; press Ctrl-C again to quit at once)')
      void lib.runner.cancelAll()
    }
    process.on('SIGINT', onSigint)
    const job = await launchFeatures(lib, createFeaturesJob(lib, dataset, p))
    process.off('SIGINT', onSigint)
    progress.done()
    if (json) console.log(JSON.stringify({ job: { id: job.id, state: job.state, error: job.error }, summary: job.result }, null, 2))
    else if (job.state !== 'done' || !job.result) console.log(`${job.title} ${job.state}: ${job.error?.message ?? ''}`)
    else {
      const r = job.result
      console.log(r.reused
        ? `Reused feature set ${r.featureSetId}: ${r.vectors} vectors of ${r.dimension} values.`
        : `Feature set ${r.featureSetId}: ${r.computed} vectors computed (${r.vectors} in all, ${r.dimension} values each), ${r.failed} failed, in ${r.seconds.toFixed(1)} s.`)
    }
    return job.state === 'done' ? 0 : 1
  } finally {
    await lib.close()
  }
}

function printSets(lib: Library, dataset: DatasetSummary, json: boolean): void {
  const sets = featureSetsOf(lib, dataset.id)
  if (json) return console.log(JSON.stringify(sets, null, 2))
  if (sets.length === 0) return console.log(`${dataset.name} has no feature sets yet: compute one with --method hog.`)
  for (const s of sets) {
    const params = Object.entries(s.params).map(([k, v]) => `${k}=${String(v)}`).join(' ')
    const state = s.complete ? 'complete' : `${s.vectorCount} of ${s.eligibleCount}`
    const time = s.origin === 'import' ? 'computed during import' : s.origin === 'file' ? 'from the file' : `${s.seconds.toFixed(1)} s`
    console.log(`${String(s.id).padStart(4)}  ${s.label}${s.post ? ` + ${s.post}` : ''}  ${params}  ${s.dimension}-d, ${state}, ${time}${s.isDefault ? ' (default for runs)' : ''}`)
    if (s.reason) console.log(`      ${s.reason}`)
  }
}
