import { firstLines, isNumeric, sniffDelimiter } from './delimited-sniff'
import { gunzipHead, isGzip, looksLikeIdx } from './idx'

export type TableFormat = 'csv' | 'tsv' | 'json' | 'idx' | 'fasta' | 'lines'

const TABLE_EXTENSIONS = new Set(['.csv', '.tsv', '.tab'])

function extensionOf(path: string): string {
  const name = path.toLowerCase().replace(/\.gz$/, '')
  const dot = name.lastIndexOf('.')
  return dot > name.lastIndexOf('/') && dot > name.lastIndexOf('\\') ? name.slice(dot) : ''
}

/** The head as text, or null when it holds bytes no text file has (NUL, most control codes, bad UTF-8). */
function asText(bytes: Uint8Array): string | null {
  for (const b of bytes) if ((b < 0x20 && b !== 9 && b !== 10 && b !== 12 && b !== 13) || b === 0x7f) return null
  try {
    // `stream` so that a character cut in two at the end of the head is not an error.
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true }).replace(/^\uFEFF/, '')
  } catch {
    return null
  }
}

/**
 * What a file holds, from its first bytes (a few KB; gzip is looked through): IDX by its magic,
 * JSON by a leading '[' or '{', FASTA by a leading '>', else delimited text, told apart from
 * sequence lines by its cells. The extension only settles what the content leaves open: the
 * delimiter of a one-column file and whether "id,sequence"-like rows are a table (.csv/.tsv) or
 * sequences. Null when it is none of these, for example an image.
 */
export function detectTableFormat(path: string, head: Uint8Array): TableFormat | null {
  const bytes = isGzip(head) ? gunzipHead(head) : head
  if (!bytes) return null
  if (looksLikeIdx(bytes)) return 'idx'
  const text = asText(bytes)
  if (text === null) return null
  const start = text.trimStart()
  if (start === '') return null
  if (start.startsWith('[') || start.startsWith('{')) return 'json'
  if (start.startsWith('>') || (start.startsWith(';') && /^\s*>/m.test(start))) return 'fasta'
  return classifyDelimited(text, extensionOf(path))
}

function classifyDelimited(text: string, ext: string): TableFormat {
  const lines = firstLines(text)
  // The head may stop inside its last line; drop that line unless it is the only one.
  if (lines.length > 1 && !/[\r\n]\s*$/.test(text)) lines.pop()
  const delimiter = sniffDelimiter(lines, ext === '.tsv' || ext === '.tab' ? '\t' : ',')
  const table = delimiter === '\t' ? 'tsv' : 'csv'
  const rows = lines.map((l) => l.split(delimiter).map((c) => c.trim().replace(/^"(.*)"$/, '$1')))
  const data = rows.length > 1 ? rows.slice(1) : rows // the first line may be a header
  const width = rows[0]?.length ?? 0
  const numericColumn = (j: number): boolean => data.every((r) => j < r.length && isNumeric(r[j]!))
  if (width === 1) return numericColumn(0) ? table : 'lines'
  // "id, sequence[, group]": a text second column in a narrow file reads as sequences.
  const sequenceLike = width <= 3 && delimiter !== ';' && data.every((r) => r[1] !== undefined && r[1] !== '' && !isNumeric(r[1]))
  return sequenceLike && !TABLE_EXTENSIONS.has(ext) ? 'lines' : table
}
