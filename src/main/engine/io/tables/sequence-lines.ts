import { TableReadError } from './errors'
import { type SequenceSet, groupsOrNull, rejectNul, splitLines, stripBom } from './sequence-set'

// A first line whose second field is literally "sequence" or "seq" names the fields: skipped.
const HEADER_FIELD = /^(?:sequence|seq)$/i

/**
 * One sequence per non-empty line. Either every line is just the sequence (ids "line N", N the
 * file's line number), or every line is id, sequence and optionally a group, separated by the
 * delimiter (a tab unless told). The layout of the first line decides; a line that differs is an
 * error rather than a guess. Fields lose surrounding whitespace; the sequence is otherwise kept.
 */
export function readSequenceLines(input: string, opts: { delimiter?: '\t' | ',' } = {}): SequenceSet {
  const delimiter = opts.delimiter ?? '\t'
  const name = delimiter === '\t' ? 'tab' : 'comma'
  const text = stripBom(input)
  rejectNul(text)
  const out: SequenceSet = { ids: [], sequences: [], groups: null, descriptions: [] }
  const groups: string[] = []
  let layout: { fields: number; line: number } | null = null

  const lines = splitLines(text)
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!
    if (raw.trim() === '') continue
    const fields = raw.split(delimiter).map((f) => f.trim())
    if (!layout) {
      if (fields.length > 3) {
        throw new TableReadError(
          `Line ${i + 1} has ${fields.length} ${name}-separated fields. A sequence line holds the sequence alone, or id, sequence and optionally a group.`
        )
      }
      layout = { fields: fields.length, line: i + 1 }
      if (fields.length > 1 && HEADER_FIELD.test(fields[1]!)) continue
    } else if (fields.length !== layout.fields) {
      throw new TableReadError(
        `Line ${i + 1} has ${fields.length} ${name}-separated field${fields.length === 1 ? '' : 's'} but line ${layout.line} has ${layout.fields}. ` +
          'Use one layout for the whole file: the sequence alone on every line, or id, sequence[, group] on every line.'
      )
    }
    const sequence = layout.fields === 1 ? fields[0]! : fields[1]!
    if (sequence === '') throw new TableReadError(`Line ${i + 1} has an id but no sequence. Add the sequence or remove the line.`)
    out.ids.push(layout.fields === 1 ? `line ${i + 1}` : fields[0] || `line ${i + 1}`)
    out.sequences.push(sequence)
    out.descriptions.push('')
    groups.push(fields[2] ?? '')
  }
  if (out.sequences.length === 0) throw new TableReadError('The file holds no sequences. Put one sequence on each line.')
  out.groups = groupsOrNull(groups)
  return out
}
