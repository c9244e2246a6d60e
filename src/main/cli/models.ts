/** The model commands: `likeness train`, `embed`, `models` and `backends`. */
import { parseArgs } from 'node:util'
import { resolve } from 'node:path'
import type { BackendReport, DatasetSummary, JobInfo, ModelInfo } from '../../shared/contract'
import { Library, type LibraryOptions } from '../app/library'
import { launchEmbed, launchTrain } from '../app/services'
import { checkTrainRequest, createTrainJob } from '../app/models-service'
import { checkEmbedRequest, createEmbedJob } from '../app/models-embed'
import { modelInfo, models } from '../app/model-store'
import { backendsOnThread } from '../jobs/train-thread'
import { BACKEND_ORDER, type BackendName } from '../../shared/types/models'
import { findDataset, FeaturesUsageError } from './features'
import { ProgressLine } from './output'

export const TRAIN_HELP = `likeness train <dataset> --model autoencoder|siamese [options]

Trains a model on a dataset's images (given by id or name), or on one of its feature sets, and
stores its embeddings as a feature set that runs can use ("likeness cluster <dataset> --features <set id>").
A dataset of vectors (a CSV or TSV) learns from its own vectors; its label column gives the groups.

  --model <kind>       autoencoder (no labels) or siamese (learns from the sub-folder groups or the label column)
  --labels groups      siamese: the labels to learn from (sub-folders or the label column; the only source for now)
  --features <set id>  learn from this feature set's vectors instead of the images (siamese: preset C,
                       a head on the features; autoencoder: the dense one); "likeness features <dataset>" lists them
  --epochs <n>         passes over the images (default 20)
  --backend <name>     ${BACKEND_ORDER.join(', ')} (default: the fastest that runs the model)
  --param key=value    a model parameter over the defaults chosen from the images; repeatable
                       (autoencoder: variant, side, latent, hidden, filters, learningRate, batchSize, …;
                        siamese: preset (A, B, or C on a feature set), side, latent, widths, loss, mining, attention, …)
  --resume <model id>  continue a cancelled training from its last checkpoint
  --seed <n>           random seed (default 42)
  --json               print JSON
  --db <file>          library file

Ctrl-C stops after the current batch; the checkpoint of the last whole epoch is kept.`

export const EMBED_HELP = `likeness embed <dataset> --model <model id | file.onnx> [--json] [--db <file>]

Embeds a dataset's images with a trained model of the library or an ONNX image encoder (a CLIP or
DINOv2 image tower, say) and stores the vectors as a feature set.`

export const MODELS_HELP = `likeness models [<dataset>] [--json] [--db <file>]

Lists the models of the library, or those trained on one dataset.`

export const BACKENDS_HELP = `likeness backends [--json]

Lists the compute backends for the models, which one runs them, and why the faster ones were passed over.`

class ModelsUsageError extends FeaturesUsageError {}

type Options = NonNullable<Parameters<typeof parseArgs>[0]>['options']

function read(argv: string[], options: Options, help: string): { values: Record<string, string | boolean | string[] | undefined>; positionals: string[] } {
  try {
    return parseArgs({ args: argv, allowPositionals: true, strict: true, options: { ...options, db: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } })
  } catch (err) {
    throw new ModelsUsageError(`${(err as Error).message}\n\n${help}`)
  }
}

function wholeNumber(value: unknown, name: string): number | undefined {
  if (value === undefined) return undefined
  const n = Number(value)
  if (typeof value !== 'string' || !Number.isInteger(n) || n < 0) throw new ModelsUsageError(`${name} takes a whole number, not "${String(value)}".`)
  return n
}

function paramsOf(pairs: string[]): Record<string, number | string | boolean> {
  const out: Record<string, number | string | boolean> = {}
  for (const pair of pairs) {
    const at = pair.indexOf('=')
    if (at <= 0) throw new ModelsUsageError(`--param takes key=value (such as latent=16), not "${pair}".`)
    const value = pair.slice(at + 1)
    out[pair.slice(0, at)] = value === 'true' ? true : value === 'false' ? false : value.trim() !== '' && Number.isFinite(Number(value)) && !value.includes(',') ? Number(value) : value
  }
  return out
}

export function describeBackend(r: BackendReport): string {
  const skipped = r.skipped.map((s) => `\n  passed over ${s.name}: ${s.why}`).join('')
  return `Backend: ${r.name} on ${r.device}${skipped}`
}

function metricsText(m: Record<string, number>): string {
  return Object.entries(m).map(([k, v]) => `${k} ${Number.isInteger(v) ? v : v.toFixed(4)}`).join(', ')
}

function onDataset<T>(dbPath: string, libOptions: LibraryOptions, ref: string | undefined, use: (lib: Library, d: DatasetSummary) => Promise<T>, usage: string): Promise<T> {
  if (!ref) throw new ModelsUsageError(`Name one dataset. "likeness datasets" lists them.\n\n${usage}`)
  const lib = new Library(dbPath, libOptions)
  return use(lib, findDataset(lib, ref)).finally(() => lib.close())
}

/** Ctrl-C cancels the jobs once; a second quits at once. */
function cancelOnSigint(lib: Library, progress: ProgressLine, note: string): () => void {
  let interrupts = 0
  const onSigint = (): void => {
    if (++interrupts > 1) process.exit(130)
    progress.note(note)
    void lib.runner.cancelAll()
  }
  process.on('SIGINT', onSigint)
  return () => process.off('SIGINT', onSigint)
}

function jobJson(job: JobInfo): object {
  return { id: job.id, state: job.state, error: job.error }
}

export async function trainCommand(argv: string[], dbPath: (given?: string) => string, libOptions: LibraryOptions): Promise<number> {
  const { values, positionals } = read(argv, {
    model: { type: 'string' }, labels: { type: 'string' }, epochs: { type: 'string' }, backend: { type: 'string' },
    param: { type: 'string', multiple: true }, resume: { type: 'string' }, seed: { type: 'string' }, workers: { type: 'string' },
    features: { type: 'string' }
  }, TRAIN_HELP)
  if (values.help) return (console.log(TRAIN_HELP), 0)
  const resume = wholeNumber(values.resume, '--resume')
  const kind = values.model
  if (resume === undefined && kind !== 'autoencoder' && kind !== 'siamese') throw new ModelsUsageError(`Choose the model: --model autoencoder or --model siamese.\n\n${TRAIN_HELP}`)
  const backend = values.backend as string | undefined
  if (backend !== undefined && !(BACKEND_ORDER as readonly string[]).includes(backend)) throw new ModelsUsageError(`There is no backend "${backend}": use one of ${BACKEND_ORDER.join(', ')}.`)
  if (values.labels !== undefined && values.labels !== 'groups') throw new ModelsUsageError(`--labels takes "groups" (the sub-folders), not "${String(values.labels)}".`)
  const json = values.json === true
  const epochs = wholeNumber(values.epochs, '--epochs')
  const seed = wholeNumber(values.seed, '--seed')
  const featureSetId = wholeNumber(values.features, '--features')
  return onDataset(dbPath(values.db as string | undefined), libOptions, positionals[0], async (lib, dataset) => {
    const resumed = resume === undefined ? undefined : models(lib).get(resume)
    const p = checkTrainRequest(lib, {
      datasetId: dataset.id, kind: (resumed?.kind === 'siamese' ? 'siamese' : kind === 'siamese' ? 'siamese' : 'autoencoder'),
      ...(resume === undefined ? {} : { resumeModelId: resume }), ...(epochs === undefined ? {} : { epochs }), ...(seed === undefined ? {} : { seed }),
      ...(backend === undefined ? {} : { backend: backend as BackendName }), ...(values.labels === 'groups' ? { labels: 'groups' as const } : {}),
      ...(featureSetId === undefined ? {} : { featureSetId }),
      params: paramsOf((values.param as string[] | undefined) ?? [])
    })
    const progress = new ProgressLine(json)
    let printedBackend = false
    let printedEpochs = models(lib).get(p.modelId)?.curve.length ?? 0
    lib.bus.on('job:progress', (j) => progress.update(j))
    lib.bus.on('models:changed', () => {
      const m = models(lib).get(p.modelId)
      if (!m || json) return
      if (!printedBackend && m.backend) {
        progress.note(describeBackend(m.backend))
        printedBackend = true
      }
      for (const point of m.curve.filter((c) => c.epoch > printedEpochs)) {
        const mean = m.curve.reduce((s, c) => s + c.seconds, 0) / m.curve.length
        const eta = Math.round(mean * (p.epochs - point.epoch))
        progress.note(`Epoch ${point.epoch}/${p.epochs}  loss ${point.loss.toFixed(4)}${point.valLoss === undefined ? '' : `  val loss ${point.valLoss.toFixed(4)}`}  ETA ${eta} s`)
        printedEpochs = point.epoch
      }
    })
    const stop = cancelOnSigint(lib, progress, 'Cancelling after this batch… (the last whole epoch is kept; press Ctrl-C again to quit at once)')
    const job = await launchTrain(lib, createTrainJob(lib, p))
    stop()
    progress.done()
    const model = models(lib).get(p.modelId)
    if (json) console.log(JSON.stringify({ job: jobJson(job), summary: job.result, model: model && modelInfo(lib, model) }, null, 2))
    else if (job.state === 'done' && job.result) {
      const r = job.result
      console.log(`Model ${r.modelId} trained (${r.epochs} epochs, best ${r.bestEpoch ?? '–'}, ${r.stopped === 'early' ? 'stopped early, ' : ''}${r.seconds.toFixed(1)} s on ${r.backend.name}).`)
      console.log(`Feature set ${r.featureSetId}: the embeddings of ${dataset.name}.`)
      const { validationItems: held = 0, ...measures } = model?.metrics ?? {}
      console.log(held > 0 ? `Measures on ${held} held-out image${held === 1 ? '' : 's'}: ${metricsText(measures)}` : 'No images were held out to measure the model on: each group needs at least five.')
    } else if (job.state === 'cancelled') {
      console.log(`${job.error?.message ?? 'Cancelled.'}`)
      console.log(`Resume it with: likeness train ${dataset.id} --resume ${p.modelId}`)
    } else console.log(`${job.title} ${job.state}: ${job.error?.message ?? ''}`)
    return job.state === 'done' ? 0 : 1
  }, TRAIN_HELP)
}

export async function embedCommand(argv: string[], dbPath: (given?: string) => string, libOptions: LibraryOptions): Promise<number> {
  const { values, positionals } = read(argv, { model: { type: 'string' }, workers: { type: 'string' } }, EMBED_HELP)
  if (values.help) return (console.log(EMBED_HELP), 0)
  const ref = values.model
  if (typeof ref !== 'string') throw new ModelsUsageError(`Name the model: --model <model id> or --model <file.onnx>.\n\n${EMBED_HELP}`)
  const json = values.json === true
  return onDataset(dbPath(values.db as string | undefined), libOptions, positionals[0], async (lib, dataset) => {
    const p = await checkEmbedRequest(lib, /^\d+$/.test(ref) ? { datasetId: dataset.id, modelId: Number(ref) } : { datasetId: dataset.id, onnxPath: resolve(ref) })
    const progress = new ProgressLine(json)
    lib.bus.on('job:progress', (j) => progress.update(j))
    const stop = cancelOnSigint(lib, progress, 'Cancelling… (nothing is kept; press Ctrl-C again to quit at once)')
    const job = await launchEmbed(lib, createEmbedJob(lib, p))
    stop()
    progress.done()
    if (json) console.log(JSON.stringify({ job: jobJson(job), summary: job.result }, null, 2))
    else if (job.state === 'done' && job.result) {
      const r = job.result
      console.log(`Feature set ${r.featureSetId}: ${r.vectors} vectors of ${r.dimension} values from model ${r.modelId}, ${r.failed} failed, in ${r.seconds.toFixed(1)} s.`)
      if (r.warning) console.log(r.warning)
    } else console.log(`${job.title} ${job.state}: ${job.error?.message ?? ''}`)
    return job.state === 'done' ? 0 : 1
  }, EMBED_HELP)
}

function modelLine(m: ModelInfo): string {
  const where = m.datasetId === null ? 'ONNX file' : `dataset ${m.datasetId}`
  const set = m.featureSetId === null ? '' : `, feature set ${m.featureSetId}`
  const measures = metricsText(m.metrics)
  return `${String(m.id).padStart(4)}  ${m.label}  ${m.state}, ${where}${set}${m.curve.length ? `, ${m.curve.length} epochs` : ''}${measures ? `\n      ${measures}` : ''}`
}

export async function modelsCommand(argv: string[], dbPath: (given?: string) => string, libOptions: LibraryOptions): Promise<number> {
  const { values, positionals } = read(argv, {}, MODELS_HELP)
  if (values.help) return (console.log(MODELS_HELP), 0)
  if (positionals.length > 1) throw new ModelsUsageError(`Name at most one dataset.\n\n${MODELS_HELP}`)
  const lib = new Library(dbPath(values.db as string | undefined), libOptions)
  try {
    const datasetId = positionals[0] === undefined ? undefined : findDataset(lib, positionals[0]).id
    const list = models(lib).list(datasetId).map((m) => modelInfo(lib, m))
    if (values.json) console.log(JSON.stringify(list, null, 2))
    else if (list.length === 0) console.log('No models yet: train one with "likeness train <dataset> --model autoencoder".')
    else for (const m of list) console.log(modelLine(m))
    return 0
  } finally {
    await lib.close()
  }
}

export async function backendsCommand(argv: string[]): Promise<number> {
  const { values, positionals } = read(argv, {}, BACKENDS_HELP)
  if (values.help) return (console.log(BACKENDS_HELP), 0)
  if (positionals.length > 0) throw new ModelsUsageError(`likeness backends takes no arguments.\n\n${BACKENDS_HELP}`)
  const answer = await backendsOnThread()
  if (values.json) return (console.log(JSON.stringify(answer, null, 2)), 0)
  for (const b of answer.available) console.log(`${b.available ? '✓' : '✗'} ${b.name.padEnd(14)} ${b.detail}`)
  console.log(answer.report ? describeBackend(answer.report) : `No backend can run a model: ${answer.why ?? ''}`)
  return 0
}
