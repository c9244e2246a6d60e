/**
 * Every problem a reader finds in a user's file is a TableReadError. Its name is the app's
 * 'invalid-input' kind, so the error crosses the worker and IPC boundaries as a user mistake, not
 * a crash, and its message says where the problem is and what to do about it.
 */
export class TableReadError extends Error {
  override name = 'invalid-input' as const
}

/** A value quoted for a message, cut short so that a runaway cell cannot flood the screen. */
export function quote(value: string, max = 40): string {
  const shown = value.length > max ? `${value.slice(0, max)}…` : value
  return `'${shown}'`
}
