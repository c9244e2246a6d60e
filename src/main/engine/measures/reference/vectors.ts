/**
 * Textbook vector, set and histogram measures: one plain loop each, no input checks. They are
 * the yardstick the benchmark times the registered measures against, and a second opinion in the
 * property tests. The app does not use them.
 */
type V = ArrayLike<number>

export function plainSquaredEuclidean(a: V, b: V): number {
  let s = 0
  for (let i = 0; i < a.length; i++) s += (a[i]! - b[i]!) ** 2
  return s
}

export function plainEuclidean(a: V, b: V): number {
  return Math.sqrt(plainSquaredEuclidean(a, b))
}

export function plainManhattan(a: V, b: V): number {
  let s = 0
  for (let i = 0; i < a.length; i++) s += Math.abs(a[i]! - b[i]!)
  return s
}

export function plainMinkowski(a: V, b: V, p: number): number {
  let s = 0
  for (let i = 0; i < a.length; i++) s += Math.abs(a[i]! - b[i]!) ** p
  return s ** (1 / p)
}

export function plainChebyshev(a: V, b: V): number {
  let m = 0
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!))
  return m
}

export function plainCosineSimilarity(a: V, b: V): number {
  let ab = 0
  let aa = 0
  let bb = 0
  for (let i = 0; i < a.length; i++) {
    ab += a[i]! * b[i]!
    aa += a[i]! * a[i]!
    bb += b[i]! * b[i]!
  }
  return ab / Math.sqrt(aa * bb)
}

export function plainPearson(a: V, b: V): number {
  const n = a.length
  let ma = 0
  let mb = 0
  for (let i = 0; i < n; i++) {
    ma += a[i]! / n
    mb += b[i]! / n
  }
  let ab = 0
  let aa = 0
  let bb = 0
  for (let i = 0; i < n; i++) {
    ab += (a[i]! - ma) * (b[i]! - mb)
    aa += (a[i]! - ma) ** 2
    bb += (b[i]! - mb) ** 2
  }
  return ab / Math.sqrt(aa * bb)
}

/** Ranks by sorting indices with a comparator; ties share the mean of their ranks. */
export function plainRanks(v: V): number[] {
  const order = Array.from({ length: v.length }, (_, i) => i).sort((x, y) => v[x]! - v[y]!)
  const ranks = new Array<number>(v.length)
  for (let i = 0; i < order.length; ) {
    let j = i
    while (j + 1 < order.length && v[order[j + 1]!] === v[order[i]!]) j++
    for (let k = i; k <= j; k++) ranks[order[k]!] = (i + j) / 2 + 1
    i = j + 1
  }
  return ranks
}

export function plainSpearman(a: V, b: V): number {
  return plainPearson(plainRanks(a), plainRanks(b))
}

export function plainJaccardSetDistance<T>(a: Iterable<T>, b: Iterable<T>): number {
  const sa = new Set(a)
  const sb = new Set(b)
  const union = new Set([...sa, ...sb])
  const shared = [...sa].filter((t) => sb.has(t)).length
  return union.size === 0 ? 0 : 1 - shared / union.size
}

export function plainJaccardBinaryDistance(a: V, b: V): number {
  let shared = 0
  let union = 0
  for (let i = 0; i < a.length; i++) {
    if (a[i] && b[i]) shared++
    if (a[i] || b[i]) union++
  }
  return union === 0 ? 0 : 1 - shared / union
}

export function plainHammingBinary(a: V, b: V): number {
  let d = 0
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) d++
  return d
}

/**
 * scipy's recipe for the 1-D Wasserstein distance: sort all positions, evaluate both normalised
 * CDFs at each by a linear scan, and sum |ΔCDF| × gap. Positions default to 0 … n − 1.
 */
export function plainEmd1d(wa: V, wb: V, pa?: V, pb?: V): number {
  const xa = pa ? Array.from(pa) : Array.from(wa, (_, i) => i)
  const xb = pb ? Array.from(pb) : Array.from(wb, (_, i) => i)
  const ta = Array.from(wa).reduce((s, w) => s + w, 0)
  const tb = Array.from(wb).reduce((s, w) => s + w, 0)
  const all = [...xa, ...xb].sort((x, y) => x - y)
  const cdf = (xs: number[], ws: V, total: number, x: number): number => xs.reduce((s, p, i) => (p <= x ? s + ws[i]! : s), 0) / total
  let area = 0
  for (let k = 0; k + 1 < all.length; k++) {
    area += Math.abs(cdf(xa, wa, ta, all[k]!) - cdf(xb, wb, tb, all[k]!)) * (all[k + 1]! - all[k]!)
  }
  return area
}
