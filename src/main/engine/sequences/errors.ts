/** The error every sequence function throws for a bad argument; its message says what to do instead. */
export class SequenceError extends Error {
  override name = 'SequenceError'
}
