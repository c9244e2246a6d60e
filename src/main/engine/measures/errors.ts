/**
 * Input checks shared by every measure. A bad input is a MeasureError whose message says which
 * measure refused what, and what to do about it; no measure returns NaN.
 *
 * The vector measures fold the finiteness check into their arithmetic: a NaN or an infinity
 * anywhere makes the accumulated sum non-finite, so they test the result once and only then scan
 * the inputs for the culprit (`explainNonFinite`). That keeps the common case a single loop.
 */

export class MeasureError extends Error {
  override name = 'MeasureError'
}

export type Vector = ArrayLike<number>

const ORDINAL = ['first', 'second'] as const

function isArrayLike(x: unknown): x is Vector {
  return (
    x !== null &&
    typeof x === 'object' &&
    typeof (x as { length?: unknown }).length === 'number' &&
    typeof x !== 'string'
  )
}

/** Two vectors of the same, non-zero length; their length. */
export function checkPair(measure: string, a: unknown, b: unknown): number {
  for (const [i, v] of [a, b].entries()) {
    if (!isArrayLike(v)) {
      throw new MeasureError(`${measure}: the ${ORDINAL[i]} argument is not a vector. Pass a Float32Array, Float64Array or array of numbers.`)
    }
  }
  const n = (a as Vector).length
  const m = (b as Vector).length
  if (n !== m) {
    throw new MeasureError(`${measure}: the vectors have different lengths (${n} and ${m}). Compare vectors from the same feature set.`)
  }
  if (n === 0) throw new MeasureError(`${measure}: the vectors are empty. A measure needs at least one dimension.`)
  return n
}

/** Index and value of the first entry that is not a finite number, or null. */
export function firstNonFinite(v: Vector): { index: number; value: unknown } | null {
  for (let i = 0; i < v.length; i++) {
    const x = v[i]
    if (typeof x !== 'number' || !Number.isFinite(x)) return { index: i, value: x }
  }
  return null
}

/** Throws when a vector holds a NaN, an infinity or a non-number. */
export function checkFinite(measure: string, ...vectors: Vector[]): void {
  vectors.forEach((v, i) => {
    const bad = firstNonFinite(v)
    if (bad) throw badValue(measure, ORDINAL[i] ?? `#${i + 1}`, bad.index, bad.value)
  })
}

function badValue(measure: string, which: string, index: number, value: unknown): MeasureError {
  return new MeasureError(
    `${measure}: the ${which} vector has ${String(value)} at index ${index}. ` +
      'Remove or impute missing values before measuring; every entry must be a finite number.'
  )
}

/**
 * Returns `result` when it is finite. Otherwise finds why: a bad entry in one of the inputs, or,
 * if every entry is finite, an overflow of the intermediate sums.
 */
export function finiteResult(measure: string, result: number, a: Vector, b: Vector): number {
  if (Number.isFinite(result)) return result
  checkFinite(measure, a, b)
  throw new MeasureError(`${measure}: the values are too large to measure in double precision. Rescale the vectors first.`)
}

export function checkString(measure: string, a: unknown, b: unknown): void {
  for (const [i, v] of [a, b].entries()) {
    if (typeof v !== 'string') {
      throw new MeasureError(`${measure}: the ${ORDINAL[i]} argument is a ${v === null ? 'null' : typeof v}, not a string.`)
    }
  }
}

/** A 0/1 vector pair of the same non-zero length; their length. */
export function checkBinaryPair(measure: string, a: unknown, b: unknown): number {
  const n = checkPair(measure, a, b)
  for (const [k, v] of [a as Vector, b as Vector].entries()) {
    for (let i = 0; i < n; i++) {
      const x = v[i]
      if (x !== 0 && x !== 1) {
        throw new MeasureError(
          `${measure}: the ${ORDINAL[k]} vector has ${String(x)} at index ${i}; a binary vector holds only 0 and 1. ` +
            'Threshold the features first.'
        )
      }
    }
  }
  return n
}
