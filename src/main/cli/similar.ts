import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import type { SimilarIndexReport, SimilarRequest, SimilarResult, TunedIndexKind } from '../../shared/contract'
import { SIMILAR_DEFAULT_RECALL, SIMILAR_MAX_K } from '../../shared/types/similar'
import { Library, type LibraryOptions } from '../app/library'
import { buildSimilarIndex, findSimilar } from '../app/similar-service'
import { FeaturesUsageError, findDataset, readFeatureArgs } from './features'

export const SIMILAR_HELP = `likeness similar <dataset> <item-id|relative-path|file> [-k 10] [--index auto|exact|e2lsh|simhash|hnsw]
                 [--features SET] [--json] [--db <file>]

The items of a dataset most similar to one of its items (by id, or by its path in the dataset),
or to an image file from anywhere, by Euclidean distance in a feature set (the dataset's default
set unless --features names another). "auto" searches exactly below 20,000 items, else through a
tuned approximate index; the figures of the index that answered are printed.`

export const INDEX_HELP = `likeness index <dataset> [--kind e2lsh|simhash|hnsw] [--target-recall 0.95] [--features SET] [--json] [--db <file>]

Builds an approximate nearest-neighbour index of a feature set, tunes its settings on a sample
of the set's own items to reach the target recall@10 as fast as it can, and prints the settings
with what was measured against exact search: recall@10, recall@1, the approximation factor
(distance to the nearest found ÷ true nearest) and the time per query, the exact scan's beside it.`

const SIMILAR_OPTIONS = new Set(['k', 'index', 'features', 'json', 'db', 'help'])
const INDEX_OPTIONS = new Set(['kind', 'target-recall', 'features', 'json', 'db', 'help'])
const INDEXES = ['auto', 'exact', 'e2lsh', 'simhash', 'hnsw'] as const
const TUNED: readonly TunedIndexKind[] = ['e2lsh', 'simhash', 'hnsw']

function readArgs(argv: string[], command: string, known: Set<string>): { values: Record<string, string | boolean>; positionals: string[] } {
  const args = readFeatureArgs(argv)
  for (const k of Object.keys(args.values)) if (!known.has(k)) throw new FeaturesUsageError(`likeness ${command} has no option --${k}: see "likeness ${command} --help".`)
  return args
}

function featuresOption(value: string | boolean | undefined): number | undefined {
  if (value === undefined) return undefined
  if (typeof value !== 'string' || !/^\d+$/.test(value)) throw new FeaturesUsageError(`--features takes a feature set's id ("likeness features <dataset>" lists them), not "${String(value)}".`)
  return Number(value)
}

/** An item by id or by its path in the dataset, else an image file. */
function queryOf(lib: Library, datasetId: number, ref: string): Pick<SimilarRequest, 'itemId' | 'path'> {
  if (/^\d+$/.test(ref) && lib.items.get(Number(ref))?.datasetId === datasetId) return { itemId: Number(ref) }
  const byPath = lib.db.prepare('SELECT id FROM items WHERE dataset_id = ? AND rel_path = ?').get(datasetId, ref) as { id: number } | undefined
  if (byPath) return { itemId: byPath.id }
  if (existsSync(ref)) return { path: resolve(ref) }
  throw new FeaturesUsageError(`"${ref}" is neither an item of the dataset (an id or a path such as cats/001.jpg, as "likeness import" listed them) nor an image file.`)
}

const fixed = (x: number, digits: number): string => (Number.isFinite(x) ? x.toFixed(digits) : '—')

function printSimilar(r: SimilarResult): void {
  const { index } = r
  const params = Object.entries(index.params).map(([k, v]) => `${k}=${v}`).join(' ')
  console.log(`Feature set ${r.featureSetId}, ${index.kind} index${params ? ` (${params})` : ''}: ${index.reason}`)
  if (index.kind !== 'exact' && index.recallAtK !== null) console.log(`Measured on the set: recall@10 ${fixed(index.recallAtK, 3)}, approximation factor ${fixed(index.approxFactor ?? NaN, 3)}`)
  if (r.neighbours.length === 0) console.log('No similar items found: the set holds no other vectors.')
  r.neighbours.forEach((n, i) => console.log(`${String(i + 1).padStart(4)}. ${n.distance.toPrecision(5).padStart(12)}  ${n.path}  (item ${n.itemId})`))
}

export function printIndexReport(r: SimilarIndexReport): void {
  console.log(`${r.kind} index of feature set ${r.featureSetId} (${r.rows.toLocaleString('en')} vectors), tuned in ${r.seconds.toFixed(1)} s`)
  console.log(`  settings          ${Object.entries(r.params).map(([k, v]) => `${k}=${Number.isInteger(v) ? v : v.toPrecision(4)}`).join(' ')}`)
  console.log(`  recall@${r.k}         ${fixed(r.recallAtK, 3)} (target ${r.targetRecall}${r.reached ? ', reached' : ', NOT reached: the best setting found is kept'})`)
  console.log(`  recall@1          ${fixed(r.recallAt1, 3)}`)
  console.log(`  approx. factor    ${fixed(r.approxFactor, 4)}`)
  console.log(`  ms per query      ${r.msPerQuery.toFixed(3)} (exact scan: ${r.exactMsPerQuery.toFixed(3)}), over ${r.queries} sample queries`)
}

export async function similarCommand(argv: string[], dbPath: (given?: string) => string, libOptions: LibraryOptions): Promise<number> {
  const { values, positionals } = readArgs(argv, 'similar', SIMILAR_OPTIONS)
  if (values.help) return (console.log(SIMILAR_HELP), 0)
  const [ref, query, ...extra] = positionals
  if (!ref || !query || extra.length > 0) throw new FeaturesUsageError('Name a dataset and one item or image file: likeness similar <dataset> <item-id|relative-path|file>.')
  const k = values.k === undefined ? 10 : Number(values.k)
  if (!Number.isInteger(k) || k < 1 || k > SIMILAR_MAX_K) throw new FeaturesUsageError(`-k takes a whole number from 1 to ${SIMILAR_MAX_K}, not "${String(values.k)}".`)
  const index = values.index ?? 'auto'
  if (!INDEXES.includes(index as (typeof INDEXES)[number])) throw new FeaturesUsageError(`--index takes ${INDEXES.join(', ')}, not "${String(index)}".`)
  const featureSetId = featuresOption(values.features)
  const lib = new Library(dbPath(typeof values.db === 'string' ? values.db : undefined), libOptions)
  try {
    const dataset = findDataset(lib, ref)
    const result = await findSimilar(lib, {
      datasetId: dataset.id, ...queryOf(lib, dataset.id, query), k, index: index as SimilarRequest['index'], ...(featureSetId !== undefined && { featureSetId })
    })
    if (values.json === true) console.log(JSON.stringify(result, null, 2))
    else printSimilar(result)
    return 0
  } finally {
    await lib.close()
  }
}

export async function indexCommand(argv: string[], dbPath: (given?: string) => string, libOptions: LibraryOptions): Promise<number> {
  const { values, positionals } = readArgs(argv, 'index', INDEX_OPTIONS)
  if (values.help) return (console.log(INDEX_HELP), 0)
  const [ref, ...extra] = positionals
  if (!ref || extra.length > 0) throw new FeaturesUsageError('Name one dataset: likeness index <dataset>. "likeness datasets" lists them.')
  const kind = values.kind ?? 'e2lsh'
  if (!TUNED.includes(kind as TunedIndexKind)) throw new FeaturesUsageError(`--kind takes ${TUNED.join(', ')}, not "${String(kind)}".`)
  const targetRecall = values['target-recall'] === undefined ? SIMILAR_DEFAULT_RECALL : Number(values['target-recall'])
  if (!(targetRecall > 0 && targetRecall <= 1)) throw new FeaturesUsageError(`--target-recall takes a number above 0 and at most 1, such as 0.95, not "${String(values['target-recall'])}".`)
  const featureSetId = featuresOption(values.features)
  const lib = new Library(dbPath(typeof values.db === 'string' ? values.db : undefined), libOptions)
  try {
    const dataset = findDataset(lib, ref)
    const report = await buildSimilarIndex(lib, { datasetId: dataset.id, kind: kind as TunedIndexKind, targetRecall, ...(featureSetId !== undefined && { featureSetId }) })
    if (values.json === true) console.log(JSON.stringify(report, null, 2))
    else printIndexReport(report)
    return 0
  } finally {
    await lib.close()
  }
}
