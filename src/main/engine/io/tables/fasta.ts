import { TableReadError, quote } from './errors'
import { type SequenceSet, groupsOrNull, rejectNul, splitLines, stripBom } from './sequence-set'

export interface FastaOptions {
  /**
   * Where a record's group comes from when its header has no `group=` token:
   * 'none' (the default); 'first-word-prefix', the id up to its first '_', '|', '-', '.' or ':'
   * ("human_12" → "human"); or a RegExp tried on the header line (without '>'), whose first
   * capture group, or whole match, is the group ('' when it does not match).
   */
  groupFrom?: 'none' | 'first-word-prefix' | RegExp
}

// A `group=XYZ` or `[group=XYZ]` token anywhere in the header states the group outright.
const GROUP_TOKEN = /(?:^|\s)\[?group=([^\s\]]+)\]?/i
const PREFIX_END = /[_|\-.:]/

interface Record {
  header: string
  line: number
  parts: string[]
}

/**
 * Reads FASTA: a '>' header line (id, then an optional description), then the sequence over any
 * number of lines, joined with all whitespace removed. Lines starting with ';' are comments.
 */
export function readFasta(input: string, opts: FastaOptions = {}): SequenceSet {
  const text = stripBom(input)
  rejectNul(text)
  const records: Record[] = []
  splitLines(text).forEach((raw, i) => {
    const line = raw.trimStart()
    if (line.startsWith(';')) return
    if (line.startsWith('>')) {
      records.push({ header: line.slice(1).trim(), line: i + 1, parts: [] })
      return
    }
    const piece = line.replace(/\s+/g, '')
    if (piece === '') return
    const current = records.at(-1)
    if (!current) {
      throw new TableReadError(`Line ${i + 1} holds sequence data before the first header. Start every record with a '>' line naming it.`)
    }
    current.parts.push(piece)
  })
  if (records.length === 0) throw new TableReadError("The file has no FASTA records. Start each record with a '>' header line, its sequence below.")

  const pick = groupPicker(opts.groupFrom ?? 'none')
  const out: SequenceSet = { ids: [], sequences: [], groups: null, descriptions: [] }
  const groups: string[] = []
  records.forEach((r, k) => {
    const space = r.header.search(/\s/)
    const id = (space < 0 ? r.header : r.header.slice(0, space)) || `record ${k + 1}`
    const sequence = r.parts.join('')
    if (sequence === '') {
      throw new TableReadError(`Record ${quote(id)} (line ${r.line}) has no sequence. Add its sequence below the header, or remove the header.`)
    }
    out.ids.push(id)
    out.sequences.push(sequence)
    out.descriptions.push(space < 0 ? '' : r.header.slice(space).trim())
    groups.push(GROUP_TOKEN.exec(r.header)?.[1] ?? pick(id, r.header))
  })
  out.groups = groupsOrNull(groups)
  return out
}

function groupPicker(from: 'none' | 'first-word-prefix' | RegExp): (id: string, header: string) => string {
  if (from === 'none') return () => ''
  if (from === 'first-word-prefix') {
    return (id) => {
      const end = id.search(PREFIX_END)
      return end < 0 ? id : id.slice(0, end)
    }
  }
  // Without the g and y flags a RegExp keeps no state between headers.
  const re = new RegExp(from.source, from.flags.replace(/[gy]/g, ''))
  return (_id, header) => {
    const m = re.exec(header)
    return m ? (m[1] ?? m[0]) : ''
  }
}
