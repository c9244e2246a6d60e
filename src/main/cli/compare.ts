/** `likeness compare <dataset> --model <id> …`: a trained model's verdict on a pair, or an image's nearest items. */
import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import type { CompareResult, DatasetSummary, NearestResult } from '../../shared/contract'
import { NEAREST_DEFAULT_K, NEAREST_MAX_K } from '../../shared/types/models'
import { Library, type LibraryOptions } from '../app/library'
import { comparePair, nearestItems, type PairSide } from '../app/models-nearest'
import { findDataset, FeaturesUsageError } from './features'

export const MODEL_COMPARE_HELP = `likeness compare <dataset> --model <model id> <item-or-file> [<item-or-file>] [-k N] [--json] [--db <file>]

With a model trained on the dataset (or an ONNX model that embedded it), compares two images, each an
item of the dataset (its id, or its path in the dataset such as cats/tabby.jpg) or an image file
anywhere: the model's similarity (0..1), the distance between the embeddings and, where training chose
one on validation pairs, the verdict against the threshold. With one image, lists the dataset's items
nearest to it.

  --model <id>   the model ("likeness models" lists them)
  -k <n>         how many nearest items to list (default ${NEAREST_DEFAULT_K}, at most ${NEAREST_MAX_K})
  --json         print JSON
  --db <file>    library file

Without --model, "likeness compare <a> <b>" gives every hand-made measure between two files or strings.`

class CompareUsageError extends FeaturesUsageError {}

const fixed = (x: number): string => x.toFixed(4)

/** An item of the dataset by id or path, else an image file (relative to the working folder). */
function sideOf(lib: Library, dataset: DatasetSummary, ref: string): PairSide {
  const item = (sql: string, value: string | number): { id: number } | undefined => lib.db.prepare(`SELECT id FROM items WHERE dataset_id = ? AND ${sql} = ?`).get(dataset.id, value) as { id: number } | undefined
  const byId = /^\d+$/.test(ref) ? item('id', Number(ref)) : undefined
  if (byId) return { itemId: byId.id }
  const path = resolve(ref)
  if (existsSync(path)) return { path }
  const byPath = item('rel_path', ref.replaceAll('\\', '/'))
  if (byPath) return { itemId: byPath.id }
  throw new CompareUsageError(`"${ref}" is neither an item of ${dataset.name} (its id, or its path such as ${firstPath(lib, dataset) ?? 'cats/tabby.jpg'}) nor an image file: check the name.`)
}

function firstPath(lib: Library, dataset: DatasetSummary): string | undefined {
  return (lib.db.prepare('SELECT rel_path AS p FROM items WHERE dataset_id = ? ORDER BY rel_path LIMIT 1').get(dataset.id) as { p: string } | undefined)?.p
}

/** The file of an item, to find the items nearest to it. */
function fileOf(lib: Library, dataset: DatasetSummary, side: PairSide): string {
  if ('path' in side) return side.path
  const row = lib.db.prepare('SELECT rel_path AS p FROM items WHERE id = ?').get(side.itemId) as { p: string }
  return join(dataset.root, row.p)
}

function verdict(r: { similar: boolean | null; threshold: number | null }): string {
  if (r.similar === null || r.threshold === null) return 'no verdict (the model has no threshold)'
  return r.similar ? `similar (within the threshold ${fixed(r.threshold)})` : `not similar (beyond the threshold ${fixed(r.threshold)})`
}

function printNearest(r: NearestResult, modelId: number): void {
  console.log(`Nearest to ${r.file} by model ${modelId}${r.threshold === null ? '' : ` (similar within the distance ${fixed(r.threshold)})`}:`)
  r.neighbours.forEach((n, i) => {
    const mark = n.similar === null ? '' : n.similar ? '  similar' : '  not similar'
    console.log(`${String(i + 1).padStart(4)}  ${n.path.padEnd(32)} item ${String(n.itemId).padEnd(6)} similarity ${n.similarity.toFixed(4)}  distance ${fixed(n.distance)}${mark}`)
  })
}

function printPair(r: CompareResult): void {
  console.log(`Similarity ${r.similarity.toFixed(4)}, distance ${fixed(r.distance)}: ${verdict(r)}.`)
}

const OPTIONS = {
  model: { type: 'string' }, k: { type: 'string', short: 'k' }, db: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' }, workers: { type: 'string' }
} as const

function read(argv: string[]) {
  try {
    return parseArgs({ args: argv, allowPositionals: true, strict: true, options: OPTIONS })
  } catch (err) {
    throw new CompareUsageError(`${(err as Error).message}\n\n${MODEL_COMPARE_HELP}`)
  }
}

/** True when the arguments ask for a model's comparison rather than the hand-made measures. */
export const wantsModelCompare = (argv: readonly string[]): boolean => argv.some((a) => a === '--model' || a.startsWith('--model='))

export async function modelCompareCommand(argv: string[], dbPath: (given?: string) => string, libOptions: LibraryOptions): Promise<number> {
  const { values, positionals } = read(argv)
  if (values.help) return (console.log(MODEL_COMPARE_HELP), 0)
  const modelId = Number(values.model)
  if (!/^\d+$/.test(values.model ?? '') || modelId < 1) throw new CompareUsageError(`--model takes a model's id (a whole number), not "${values.model ?? ''}": "likeness models" lists them.`)
  const k = values.k === undefined ? NEAREST_DEFAULT_K : Number(values.k)
  if (!Number.isInteger(k) || k < 1 || k > NEAREST_MAX_K) throw new CompareUsageError(`-k takes a whole number from 1 to ${NEAREST_MAX_K}, not "${values.k ?? ''}".`)
  const [ref, ...images] = positionals
  if (!ref || images.length < 1 || images.length > 2) throw new CompareUsageError(`Name the dataset and one or two images.\n\n${MODEL_COMPARE_HELP}`)
  const lib = new Library(dbPath(values.db), libOptions)
  try {
    const dataset = findDataset(lib, ref)
    const sides = images.map((image) => sideOf(lib, dataset, image))
    if (sides.length === 1) {
      const r = await nearestItems(lib, { modelId, path: fileOf(lib, dataset, sides[0]!), k, datasetId: dataset.id })
      if (values.json) console.log(JSON.stringify(r, null, 2))
      else printNearest(r, modelId)
    } else {
      const r = await comparePair(lib, modelId, sides[0]!, sides[1]!, dataset.id)
      if (values.json) console.log(JSON.stringify(r, null, 2))
      else printPair(r)
    }
    return 0
  } finally {
    await lib.close()
  }
}
