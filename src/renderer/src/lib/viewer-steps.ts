/**
 * The image viewer's logic that needs no DOM and no runes: which key does what, where a step
 * lands, which cluster an item is in, and which of several replies is still wanted.
 */

export type Move = 'next' | 'prev' | 'first' | 'last'
export type ViewerAction = Move | 'close'

/** The keys the viewer handles; every other key is left to the element that has the focus. */
const KEYS: Readonly<Record<string, ViewerAction>> = {
  ArrowRight: 'next',
  ArrowLeft: 'prev',
  Home: 'first',
  End: 'last',
  Escape: 'close'
}

/** What a key does in the viewer, or null; with a modifier held a key is left alone (Alt+← is "back"). */
export function viewerAction(key: string, modified = false): ViewerAction | null {
  if (modified) return null
  return Object.hasOwn(KEYS, key) ? KEYS[key]! : null
}

/**
 * The index a move lands on among `length` images. Steps stop at the ends rather than wrap: a
 * grid has a first and a last image, and jumping from the last back to the first would hide that
 * the researcher has seen them all. The viewer shows "40 of 40" and greys its Next button instead.
 */
export function stepIndex(index: number, length: number, move: Move): number {
  if (length <= 0) return 0
  const last = length - 1
  const at = clampIndex(index, length)
  switch (move) {
    case 'next':
      return Math.min(at + 1, last)
    case 'prev':
      return Math.max(at - 1, 0)
    case 'first':
      return 0
    case 'last':
      return last
  }
}

/** An index brought inside a list of `length` entries (0 for an empty list). */
export function clampIndex(index: number, length: number): number {
  return Math.min(Math.max(0, Math.trunc(index) || 0), Math.max(0, length - 1))
}

/** item id → cluster label in a run (−1: noise); null for an item the run does not hold. */
export function clusterLookup(itemIds: readonly number[], labels: readonly number[]): (itemId: number) => number | null {
  const index = new Map<number, number>()
  for (let i = 0; i < itemIds.length; i++) index.set(itemIds[i]!, i)
  return (itemId) => {
    const i = index.get(itemId)
    return i === undefined ? null : (labels[i] ?? null)
  }
}

/**
 * Hands out tickets for requests; only the newest ticket is still wanted. A slow reply for an image
 * the user has already stepped past must not overwrite the details of the image now shown.
 */
export class LatestOnly {
  #newest = 0

  /** A new ticket; every earlier one goes stale. */
  take(): () => boolean {
    const ticket = ++this.#newest
    return () => ticket === this.#newest
  }

  /** Makes every ticket stale (the viewer closed). */
  drop(): void {
    this.#newest++
  }
}
