/**
 * Stage outputs kept between runs. A key is the canonical JSON of everything the output depends
 * on (the caller's identity of the input matrix, the stage's parameters, the seed), so a run that
 * changes only the clustering finds its layout again; a value whose length does not fit is
 * ignored and computed anew rather than trusted.
 */

/** A store of stage outputs; it may answer later (from another thread, say). */
export interface StageCache {
  get(key: string): Float32Array | undefined | Promise<Float32Array | undefined>
  set(key: string, value: Float32Array): void
}

/** Bump when a stage's output changes for the same parameters, so older stored outputs are not reused. */
export const STAGE_VERSION = 1

/** JSON with object keys sorted at every level, so equal contents give equal text. */
export function canonicalKey(value: unknown): string {
  return JSON.stringify(sortKeys(value))
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys)
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined)
    return Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => [k, sortKeys(v)]))
  }
  return value
}

/**
 * The cached value for `key` when there is one of `length` values; otherwise `compute()`, stored.
 * Without a cache or a key (no input identity) it always computes.
 */
export async function cachedStage(
  cache: StageCache | undefined,
  key: string | null,
  length: number,
  compute: () => Promise<Float32Array>
): Promise<{ value: Float32Array; hit: boolean }> {
  if (cache && key !== null) {
    const stored = await cache.get(key)
    if (stored instanceof Float32Array && stored.length === length) return { value: stored, hit: true }
  }
  const value = await compute()
  if (cache && key !== null) cache.set(key, value)
  return { value, hit: false }
}
