import { parseArgs } from 'node:util'
import { resolve } from 'node:path'
import pkg from '../../../package.json'
import { Library } from '../app/library'
import { createHandlers, launchImport } from '../app/services'
import { checkImportPath, createImportJob } from '../app/import-service'
import { createFileImportJob } from '../app/file-import'
import { Registry } from '../app/handlers'
import { defaultLibraryPath, rendererDir } from '../app/paths'
import { thumbnailFileForRequest } from '../app/thumbnails'
import { previewFileForRequest } from '../app/items-service'
import { serveLibrary } from '../transport/serve-state'
import { printImportReport, ProgressLine } from './output'
import { compare } from '../app/compare'
import { featuresCommand, FeaturesUsageError } from './features'
import { clusterCommand } from './cluster'
import { backendsCommand, embedCommand, modelsCommand, trainCommand } from './models'
import { modelCompareCommand, wantsModelCompare } from './compare'
import { labelsCommand } from './labels'
import { duplicatesCommand } from './duplicates'
import { indexCommand, similarCommand } from './similar'

const HELP = `likeness ${pkg.version}: cluster and explore image datasets

Usage:
  likeness import <path>... [options]     import folders of images, or files of vectors (CSV, TSV, JSON, MNIST IDX)
                                          or sequences (FASTA, one per line); each becomes a dataset
  likeness datasets [options]             list the datasets of the library
  likeness serve [options]                serve the app on 127.0.0.1 for a browser (prints the URL with its token)
  likeness features <dataset> [--method hog ...]  compute or list feature sets ("likeness features --help")
  likeness cluster <dataset> [--algo kmeans|dbscan|hdbscan] [--k auto] [--report out.html]
                                          reduce, cluster and measure; the run is kept as history ("likeness cluster --help")
  likeness run <dataset> [options]        the same as cluster; a dataset of sequences is clustered by edit distance
  likeness compare <a> <b> [--json]       every measure between two image files, or two strings
  likeness duplicates <dataset> [--threshold N] [--json]
                                          groups of near copies (resized, recompressed, cropped) and exact copies
  likeness similar <dataset> <item-id|relative-path|file> [-k 10] [--index auto|exact|e2lsh|simhash|hnsw] [--features SET] [--json]
                                          the items most similar to an item or an image file ("likeness similar --help")
  likeness index <dataset> [--kind e2lsh|simhash|hnsw] [--target-recall 0.95] [--features SET] [--json]
                                          tune an approximate index; prints its settings, recall@10, approx. factor, ms/query
  likeness compare <dataset> --model <id> <item-or-file> [<item-or-file>] [-k N]
                                          a model's verdict on two images, or one image's nearest items
  likeness train <dataset> --model autoencoder|siamese [--epochs N] [--backend B] [--param key=value ...]
                                          train a model; its embeddings become a feature set ("likeness train --help")
  likeness embed <dataset> --model <id|file.onnx>  embed a dataset with a trained model or an ONNX encoder
  likeness models [<dataset>]             list the models
  likeness backends                       the compute backends for the models, and which one runs them
  likeness labels export <dataset> [--format csv|json] [--out FILE] [--folders DIR --link]
                                          the labels of named clusters and imports ("likeness labels --help")
  likeness labels import <dataset> <csv>  label items from a CSV of file,label[,source] rows

Options:
  --db <file>          library file (default: $LIKENESS_DB or ~/.likeness/library.sqlite)
  --follow-symlinks    import: follow symbolic links (loops are detected)
  --labels <file>      import: the IDX labels file (default: the one beside the images file)
  --label-column <c>   import: CSV/TSV column of the labels, by name or 0-based index, or "none" (default: guessed)
  --max-pixels <n>     import: largest image accepted, width × height (default 268402689)
  --workers <n>        import: decoding threads (default: one per core)
  --port <n>           serve: port (default: the previous run's, else a free one)
  --new-token          serve: make a new access token; addresses printed before stop working
  --json               print machine-readable JSON instead of text
  -h, --help           this help
  -v, --version        the version`

class UsageError extends Error {}

/** The commands parsed here; features and cluster read their own arguments (see main). */
const COMMANDS = new Set(['import', 'datasets', 'serve', 'compare'])
const unknownCommand = (command: string): UsageError =>
  new UsageError(`Unknown command "${command}". Run "likeness --help" for the commands.`)

function positiveInt(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined
  const n = Number(value)
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`${name} must be a whole number, not "${value}".`)
  return n
}

async function main(argv: string[]): Promise<number> {
  // Method parameters are open-ended options, so this command reads its own arguments.
  // The model commands read their own arguments too (--param repeats, --model takes a path or an id).
  const modelCommands = { train: trainCommand, embed: embedCommand, models: modelsCommand, backends: backendsCommand }
  if (argv[0] !== undefined && Object.hasOwn(modelCommands, argv[0])) {
    const workers = argv.indexOf('--workers')
    const options = { workers: workers > 0 ? positiveInt(argv[workers + 1], '--workers') : undefined }
    return modelCommands[argv[0] as keyof typeof modelCommands](argv.slice(1), (given) => given ?? defaultLibraryPath(), options)
  }
  if (argv[0] === 'compare' && wantsModelCompare(argv)) {
    const workers = argv.indexOf('--workers')
    return modelCompareCommand(argv.slice(1), (given) => given ?? defaultLibraryPath(), { workers: workers > 0 ? positiveInt(argv[workers + 1], '--workers') : undefined })
  }
  if (argv[0] === 'labels') return labelsCommand(argv.slice(1), (given) => given ?? defaultLibraryPath())
  if (argv[0] === 'similar' || argv[0] === 'index') {
    const command = argv[0] === 'similar' ? similarCommand : indexCommand
    return command(argv.slice(1), (given) => given ?? defaultLibraryPath(), {})
  }
  if (argv[0] === 'duplicates') {
    const workers = argv.indexOf('--workers')
    return duplicatesCommand(argv.slice(1), (given) => given ?? defaultLibraryPath(), { workers: workers > 0 ? positiveInt(argv[workers + 1], '--workers') : undefined })
  }
  if (argv[0] === 'features' || argv[0] === 'cluster' || argv[0] === 'run') {
    const workers = argv.indexOf('--workers')
    const options = { workers: workers > 0 ? positiveInt(argv[workers + 1], '--workers') : undefined }
    const command = argv[0] === 'features' ? featuresCommand : clusterCommand
    return command(argv.slice(1), (given) => given ?? defaultLibraryPath(), options)
  }
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      db: { type: 'string' },
      'follow-symlinks': { type: 'boolean', default: false },
      labels: { type: 'string' },
      'label-column': { type: 'string' },
      'max-pixels': { type: 'string' },
      workers: { type: 'string' },
      port: { type: 'string' },
      'new-token': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
      version: { type: 'boolean', short: 'v', default: false }
    }
  })
  const [command, ...rest] = positionals
  // Checked before --help, so that "likeness frobnicate --help" does not pass for a known command.
  if (command !== undefined && !COMMANDS.has(command)) throw unknownCommand(command)
  if (values.version) return (console.log(pkg.version), 0)
  if (values.help || !command) return (console.log(HELP), values.help ? 0 : 2)
  const dbPath = values.db ?? defaultLibraryPath()
  const libOptions = {
    limitInputPixels: positiveInt(values['max-pixels'], '--max-pixels'),
    workers: positiveInt(values.workers, '--workers')
  }

  switch (command) {
    case 'import': {
      if (rest.length === 0) throw new UsageError('Name at least one folder or file to import: likeness import <path>.')
      const roots = await Promise.all(rest.map((p) => checkImportPath(p)))
      const lib = new Library(dbPath, libOptions)
      const progress = new ProgressLine(values.json)
      let interrupts = 0
      const onSigint = (): void => {
        if (++interrupts > 1) process.exit(130)
        progress.note('Cancelling… (press Ctrl-C again to quit at once; an import resumes where it stopped)')
        void lib.runner.cancelAll()
      }
      process.on('SIGINT', onSigint)
      lib.bus.on('job:progress', (job) => progress.update(job))
      let failed = 0
      const reports = []
      const column = values['label-column']
      const fileOptions = {
        ...(values.labels !== undefined && { labels: resolve(values.labels) }),
        ...(column !== undefined && { labelColumn: column === 'none' ? null : /^\d+$/.test(column) ? Number(column) : column })
      }
      for (const { root, isFile } of roots) {
        const job = await launchImport(lib, isFile ? createFileImportJob(lib, root, fileOptions) : createImportJob(lib, root, values['follow-symlinks']))
        progress.done()
        if (job.state !== 'done') failed++
        reports.push({ job, dataset: job.datasetId ? lib.datasets.get(job.datasetId) : undefined, items: job.datasetId ? lib.items.list(job.datasetId) : undefined })
        if (interrupts > 0) break
      }
      process.off('SIGINT', onSigint)
      printImportReport(reports, values.json)
      await lib.close()
      return failed > 0 ? 1 : 0
    }
    case 'datasets': {
      const lib = new Library(dbPath, libOptions)
      const list = lib.datasets.list()
      if (values.json) console.log(JSON.stringify(list, null, 2))
      else if (list.length === 0) console.log(`No datasets in ${dbPath} yet: import a folder with "likeness import <folder>".`)
      else for (const d of list) console.log(`${String(d.id).padStart(4)}  ${d.name}  ${d.itemCount} ${d.kind}, ${d.groupCount} groups, ${d.errorCount} failed  (${d.root})`)
      await lib.close()
      return 0
    }
    case 'serve': {
      const lib = new Library(dbPath, libOptions)
      const registry = new Registry(createHandlers(lib, { transport: 'ws', version: pkg.version }))
      const server = await serveLibrary(dbPath, {
        registry,
        bus: lib.bus,
        rendererDir: rendererDir(),
        thumbnailFile: (id) => thumbnailFileForRequest(id, (n) => lib.items.thumbnailHash(n), lib.thumbnailDir),
        previewFile: (id) => previewFileForRequest(lib, id)
      }, { port: positiveInt(values.port, '--port'), newToken: values['new-token'] })
      console.log(`Likeness is serving ${dbPath}`)
      console.log(`Open ${server.url}`)
      await new Promise<void>((resolve) => {
        const stop = (): void => resolve()
        process.once('SIGINT', stop)
        process.once('SIGTERM', stop)
      })
      await server.close()
      await lib.close()
      return 0
    }
    case 'compare': {
      if (rest.length !== 2) throw new UsageError('Give two image files or two strings: likeness compare <a> <b>.')
      const result = await compare(rest[0]!, rest[1]!)
      if (values.json) console.log(JSON.stringify(result, null, 2))
      else {
        for (const r of result.results) {
          const value = r.value === null ? `— (${r.error})` : Number.isInteger(r.value) ? String(r.value) : r.value.toPrecision(6)
          console.log(`${`${r.label} (${r.on})`.padEnd(44)} ${value}`)
        }
      }
      return 0
    }
    default:
      throw unknownCommand(command)
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: Error) => {
    console.error(`likeness: ${err.message}`)
    process.exit(err instanceof UsageError || err instanceof FeaturesUsageError ? 2 : 1)
  }
)
