/**
 * What a click on a legend entry does to the set of hidden entries. Pure, so the rules are tested
 * without a chart: a plain click hides or shows one entry; isolating shows that entry alone, and
 * isolating the entry that is already alone shows everything again.
 */

export function toggled<T>(hidden: ReadonlySet<T>, key: T): Set<T> {
  const next = new Set(hidden)
  if (next.has(key)) next.delete(key)
  else next.add(key)
  return next
}

export function isolated<T>(all: readonly T[], hidden: ReadonlySet<T>, key: T): Set<T> {
  const alone = !hidden.has(key) && all.every((k) => k === key || hidden.has(k))
  return alone ? new Set() : new Set(all.filter((k) => k !== key))
}

/** Nothing hidden. Sets of hidden entries are replaced, never changed in place, so one empty set serves all. */
export const NONE_HIDDEN: ReadonlySet<never> = new Set()
