import { writeFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { Library } from '../app/library'
import { exportLabels, importLabels } from '../app/labels-service'
import { findDataset, FeaturesUsageError } from './features'

export const LABELS_HELP = `likeness labels export <dataset> [options]   the dataset's labels (named clusters, imports)
likeness labels import <dataset> <file.csv>  label items from a CSV of file,label[,source] rows

  --format <csv|json>   export: the format (default csv; or from --out's extension)
  --out <file>          export: write to this file instead of printing
  --folders <dir>       export: also copy the files into one folder per label (the folder must be new or empty)
  --link                export: link the files into the label folders instead of copying them
  --json                import: print the result as JSON
  --db <file>           library file`

/** `likeness labels export|import`; returns the exit code. */
export async function labelsCommand(argv: string[], dbPathOf: (given: string | undefined) => string): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      db: { type: 'string' },
      format: { type: 'string' },
      out: { type: 'string' },
      folders: { type: 'string' },
      link: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false }
    }
  })
  const [action, ref, file] = positionals
  if (values.help) return (console.log(LABELS_HELP), 0)
  if ((action !== 'export' && action !== 'import') || ref === undefined) {
    throw new FeaturesUsageError(`Say what to do with the labels: likeness labels export <dataset>, or likeness labels import <dataset> <file.csv>.\n\n${LABELS_HELP}`)
  }
  if (action === 'import' && file === undefined) throw new FeaturesUsageError('Name the CSV to import: likeness labels import <dataset> <file.csv>.')
  if (values.link && values.folders === undefined) throw new FeaturesUsageError('--link needs --folders <dir>: the folder to link the files into.')
  const format = values.format ?? (values.out?.toLowerCase().endsWith('.json') ? 'json' : 'csv')
  if (format !== 'csv' && format !== 'json') throw new FeaturesUsageError(`--format is csv or json, not "${format}".`)
  const lib = new Library(dbPathOf(values.db), { workers: 1 })
  try {
    const dataset = findDataset(lib, ref)
    if (action === 'import') {
      const result = importLabels(lib, dataset.id, resolve(file!))
      if (values.json) console.log(JSON.stringify(result, null, 2))
      else {
        console.log(`Labelled ${result.matched} items of ${dataset.name}.`)
        if (result.unmatchedCount > 0) {
          console.log(`${result.unmatchedCount} rows named no file of the dataset (paths are relative to ${dataset.root}):`)
          for (const f of result.unmatched) console.log(`  ${f}`)
          if (result.unmatchedCount > result.unmatched.length) console.log(`  … and ${result.unmatchedCount - result.unmatched.length} more`)
        }
      }
      return 0
    }
    const folder = values.folders === undefined ? undefined : { path: resolve(values.folders), mode: values.link ? ('link' as const) : ('copy' as const) }
    const result = exportLabels(lib, { datasetId: dataset.id, format, folder })
    if (values.out !== undefined) {
      await writeFile(resolve(values.out), result.text)
      console.error(`Wrote ${result.count} labels to ${resolve(values.out)}.`)
    } else process.stdout.write(result.text)
    if (folder) console.error(`${folder.mode === 'link' ? 'Linked' : 'Copied'} ${result.folderFiles} files into ${folder.path}, one folder per label.`)
    return 0
  } finally {
    await lib.close()
  }
}
