/**
 * Readers for files of vectors (delimited text, JSON, IDX) and of sequences (FASTA, one per line).
 * They turn text or bytes into plain in-memory results and throw a TableReadError, whose message
 * tells the user what to fix, for anything they cannot read; storing the results is the app's job.
 */
export { TableReadError } from './errors'
export type { VectorTable } from './vector-table'
export { type TableFormat, detectTableFormat } from './detect'
export { type DelimitedOptions, readDelimited } from './delimited'
export type { Delimiter } from './delimited-sniff'
export { readJsonVectors } from './json'
export { type IdxHeader, type IdxType, maybeGunzip, readIdxHeader, readIdxImages, readIdxLabels, readIdxVectors } from './idx'
export type { SequenceSet } from './sequence-set'
export { type FastaOptions, readFasta } from './fasta'
export { readSequenceLines } from './sequence-lines'
