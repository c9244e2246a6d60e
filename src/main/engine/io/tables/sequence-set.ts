import { TableReadError } from './errors'

/** What the sequence readers return: one entry per record, in file order. */
export interface SequenceSet {
  /** Not keys: a file may repeat an id, and every record is kept. */
  ids: string[]
  /** As given, case preserved; the alphabet is not checked. */
  sequences: string[]
  /** One per record ('' where a record has none), or null when no record has a group. */
  groups: string[] | null
  descriptions: string[]
}

export const splitLines = (text: string): string[] => text.split(/\r\n|\n|\r/)

export const stripBom = (text: string): string => (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text)

/** Text with a NUL in it is a binary file or UTF-16 read as UTF-8; either way, not sequences. */
export function rejectNul(text: string): void {
  const at = text.indexOf('\0')
  if (at < 0) return
  const line = splitLines(text.slice(0, at)).length
  throw new TableReadError(
    `Line ${line} holds a NUL byte, so this is not plain text: it may be a binary file or text saved as UTF-16. Save the sequences as UTF-8 text.`
  )
}

/** Null when every group is empty. */
export const groupsOrNull = (groups: string[]): string[] | null => (groups.some((g) => g !== '') ? groups : null)
