/**
 * Textbook string measures, written for clarity over speed: the yardstick the tests cross-check
 * the fast versions against and the benchmark times them beside. The app does not use these.
 * Strings are split into code points with Array.from, as the fast versions count them.
 */

export function plainLevenshtein(s: string, t: string): number {
  const a = Array.from(s)
  const b = Array.from(t)
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const cur = [i]
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1))
    }
    prev = cur
  }
  return prev[b.length]!
}

export function plainOsa(s: string, t: string): number {
  const a = Array.from(s)
  const b = Array.from(t)
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)))
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1)
      d[i]![j] = v
    }
  }
  return d[a.length]![b.length]!
}

/** Lowrance and Wagner's algorithm: adjacent swaps whose characters may also be edited between. */
export function plainDamerauLevenshtein(s: string, t: string): number {
  const a = Array.from(s)
  const b = Array.from(t)
  const inf = a.length + b.length
  const d = Array.from({ length: a.length + 2 }, () => new Array<number>(b.length + 2).fill(0))
  d[0]![0] = inf
  for (let i = 0; i <= a.length; i++) {
    d[i + 1]![0] = inf
    d[i + 1]![1] = i
  }
  for (let j = 0; j <= b.length; j++) {
    d[0]![j + 1] = inf
    d[1]![j + 1] = j
  }
  const lastRow = new Map<string, number>()
  for (let i = 1; i <= a.length; i++) {
    let lastCol = 0
    for (let j = 1; j <= b.length; j++) {
      const i1 = lastRow.get(b[j - 1]!) ?? 0
      const j1 = lastCol
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      if (cost === 0) lastCol = j
      d[i + 1]![j + 1] = Math.min(
        d[i]![j]! + cost,
        d[i + 1]![j]! + 1,
        d[i]![j + 1]! + 1,
        d[i1]![j1]! + (i - i1 - 1) + 1 + (j - j1 - 1)
      )
    }
    lastRow.set(a[i - 1]!, i)
  }
  return d[a.length + 1]![b.length + 1]!
}

export function plainJaro(s: string, t: string): number {
  const a = Array.from(s)
  const b = Array.from(t)
  if (a.length === 0 && b.length === 0) return 1
  if (a.length === 0 || b.length === 0) return 0
  const window = Math.max(0, Math.floor(Math.max(a.length, b.length) / 2) - 1)
  const usedA = a.map(() => false)
  const usedB = b.map(() => false)
  let matches = 0
  for (let i = 0; i < a.length; i++) {
    for (let j = Math.max(0, i - window); j <= Math.min(b.length - 1, i + window); j++) {
      if (!usedB[j] && a[i] === b[j]) {
        usedA[i] = usedB[j] = true
        matches++
        break
      }
    }
  }
  if (matches === 0) return 0
  const ma = a.filter((_, i) => usedA[i])
  const mb = b.filter((_, j) => usedB[j])
  const transpositions = ma.filter((c, i) => c !== mb[i]).length / 2
  return (matches / a.length + matches / b.length + (matches - Math.floor(transpositions)) / matches) / 3
}

export function plainJaroWinkler(s: string, t: string): number {
  const j = plainJaro(s, t)
  if (j <= 0.7) return j
  const a = Array.from(s)
  const b = Array.from(t)
  let prefix = 0
  while (prefix < Math.min(4, a.length, b.length) && a[prefix] === b[prefix]) prefix++
  return j + prefix * 0.1 * (1 - j)
}

export function plainHamming(s: string, t: string): number {
  const a = Array.from(s)
  const b = Array.from(t)
  if (a.length !== b.length) throw new Error('lengths differ')
  return a.filter((c, i) => c !== b[i]).length
}
