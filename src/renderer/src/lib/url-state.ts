/**
 * Where the user is, written into the URL's hash (`#/dataset/3/map?run=12`) so that a reload opens
 * the same dataset, room and run and the browser's Back steps through them. Only the hash is ours:
 * the query before it carries the engine's token and is left as it is.
 */

/** The rooms of the main area for a dataset, in tab order. */
export const ROOMS = ['images', 'map', 'clusters', 'history', 'duplicates'] as const
export type Room = (typeof ROOMS)[number]

export interface Place {
  datasetId: number | null
  room: Room | null
  runId: number | null
}

export const NOWHERE: Place = { datasetId: null, room: null, runId: null }

/** A database id: a positive integer written plainly (no sign, exponent or leading zeros). */
function parseId(text: string | null | undefined): number | null {
  if (!text || !/^[1-9]\d{0,15}$/.test(text)) return null
  const id = Number(text)
  return Number.isSafeInteger(id) ? id : null
}

function isRoom(text: string | undefined): text is Room {
  return (ROOMS as readonly string[]).includes(text ?? '')
}

/**
 * Reads a hash (with or without its `#`). Whatever does not parse is dropped on its own, so a hash
 * edited by hand or left by an older version still keeps the parts that make sense: a bad room
 * keeps the dataset; a run without a dataset means nothing and is dropped.
 */
export function parsePlace(hash: string): Place {
  const text = hash.startsWith('#') ? hash.slice(1) : hash
  const [path = '', query = ''] = text.split('?', 2)
  const parts = path.split('/').filter((p) => p !== '')
  if (parts[0] !== 'dataset') return NOWHERE
  const datasetId = parseId(parts[1])
  if (datasetId === null) return NOWHERE
  const room = isRoom(parts[2]) ? parts[2] : null
  const runId = parseId(new URLSearchParams(query).get('run'))
  return { datasetId, room, runId }
}

/** The hash for a place, `#` included; empty when no dataset is chosen. */
export function formatPlace(place: Place): string {
  if (place.datasetId === null) return ''
  const room = place.room ?? 'images'
  const run = place.runId === null ? '' : `?run=${place.runId}`
  return `#/dataset/${place.datasetId}/${room}${run}`
}

export function samePlace(a: Place, b: Place): boolean {
  return a.datasetId === b.datasetId && a.room === b.room && a.runId === b.runId
}
