/**
 * Seeded sampling for Siamese and triplet training and evaluation: P classes × K items per batch
 * (the batch layout batch-hard mining needs, so that every anchor has positives and negatives), and
 * held-out triplets and pairs for evaluation.
 */
import type { Triplets } from './mining'

/** Rows grouped by label, in first-seen order. */
export function rowsByClass(labels: Int32Array, rows: Int32Array): Map<number, number[]> {
  const groups = new Map<number, number[]>()
  for (const row of rows) {
    const label = labels[row]!
    const group = groups.get(label)
    if (group === undefined) groups.set(label, [row])
    else group.push(row)
  }
  return groups
}

function pickDistinct<T>(items: readonly T[], count: number, random: () => number): T[] {
  const copy = items.slice()
  const take = Math.min(count, copy.length)
  for (let i = 0; i < take; i++) {
    const j = i + Math.floor(random() * (copy.length - i))
    const t = copy[i]!
    copy[i] = copy[j]!
    copy[j] = t
  }
  return copy.slice(0, take)
}

/**
 * One batch of `classes` classes × up to `perClass` rows each (without repeats). Classes with two or
 * more rows are drawn first, since only they give positives; classes with a single row fill the
 * remaining places and serve only as negatives.
 */
export function pkBatch(labels: Int32Array, pool: Int32Array, classes: number, perClass: number, random: () => number): Int32Array {
  const groups = [...rowsByClass(labels, pool).values()]
  const multi = groups.filter((g) => g.length > 1)
  const single = groups.filter((g) => g.length === 1)
  const chosen = pickDistinct(multi, classes, random)
  if (chosen.length < classes) chosen.push(...pickDistinct(single, classes - chosen.length, random))
  return Int32Array.from(chosen.flatMap((g) => pickDistinct(g, perClass, random)))
}

/**
 * `count` random triplets over `rows`: the anchor from a class with at least two rows, a positive
 * of its class and a negative of another. Empty when no class has two rows or there is one class.
 */
export function sampleTriplets(labels: Int32Array, rows: Int32Array, count: number, random: () => number): Triplets {
  const groups = rowsByClass(labels, rows)
  const anchors = [...groups.values()].filter((g) => g.length > 1).flat()
  const empty = { anchor: new Int32Array(0), positive: new Int32Array(0), negative: new Int32Array(0) }
  if (anchors.length === 0 || groups.size < 2) return empty
  const out = { anchor: new Int32Array(count), positive: new Int32Array(count), negative: new Int32Array(count) }
  for (let t = 0; t < count; t++) {
    const anchor = anchors[Math.floor(random() * anchors.length)]!
    const own = groups.get(labels[anchor]!)!
    let positive = anchor
    while (positive === anchor) positive = own[Math.floor(random() * own.length)]!
    let negative = anchor
    while (labels[negative] === labels[anchor]) negative = rows[Math.floor(random() * rows.length)]!
    out.anchor[t] = anchor
    out.positive[t] = positive
    out.negative[t] = negative
  }
  return out
}

export interface Pairs {
  a: Int32Array
  b: Int32Array
  /** 1 when a and b share a label. */
  same: Uint8Array
}

/** `count` pairs over `rows`, alternately similar and dissimilar, drawn from seeded triplets. */
export function samplePairs(labels: Int32Array, rows: Int32Array, count: number, random: () => number): Pairs {
  const t = sampleTriplets(labels, rows, count, random)
  const n = t.anchor.length
  const pairs = { a: new Int32Array(n), b: new Int32Array(n), same: new Uint8Array(n) }
  for (let i = 0; i < n; i++) {
    const similar = i % 2 === 0
    pairs.a[i] = t.anchor[i]!
    pairs.b[i] = similar ? t.positive[i]! : t.negative[i]!
    pairs.same[i] = similar ? 1 : 0
  }
  return pairs
}
