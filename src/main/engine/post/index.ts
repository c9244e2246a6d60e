/**
 * Post-processing of a feature matrix: an ordered list of steps, each fitted on the output of the
 * one before (so `l2,zscore` and `zscore,l2` differ). The steps follow scikit-learn:
 *
 *   zscore   StandardScaler (population std; a constant column becomes 0)
 *   minmax   MinMaxScaler to [0, 1] (a constant column becomes 0)
 *   l2       Normalizer('l2'), per row (a zero row stays zero)
 *   pca=K    PCA(n_components=K, svd_solver='full') projection of the centred rows, components
 *            signed so that their largest-|value| entry is positive (see reduce/pca.ts)
 *
 * As text (the CLI's --post, the stored feature-set key) steps are comma-separated: `zscore,pca=50`.
 */
import { fitTransform } from '../reduce/pca'
import { matrixProblem } from '../reduce/pca-checks'
import type { LongWork, Matrix } from '../search/types'
import { l2, minmax, zscore } from './scalers'

export type PostStep = { kind: 'zscore' } | { kind: 'minmax' } | { kind: 'l2' } | { kind: 'pca'; components: number }

export class PostError extends Error {
  override name = 'PostError'
}

const KINDS: readonly PostStep['kind'][] = ['zscore', 'minmax', 'l2', 'pca']
const USAGE = 'Use zscore, minmax, l2 or pca=K (K components), separated by commas, e.g. zscore,pca=50.'

/** Reads `zscore,pca=50`-style text; '' (or 'none') is no post-processing. Case and spaces do not matter. */
export function parsePostSteps(text: string): PostStep[] {
  const trimmed = text.trim().toLowerCase()
  if (trimmed === '' || trimmed === 'none') return []
  const steps: PostStep[] = []
  for (const raw of trimmed.split(',')) {
    const token = raw.trim()
    if (token === '') throw new PostError(`'${text}' has an empty step. Separate steps with single commas, e.g. zscore,pca=50.`)
    const eq = token.indexOf('=')
    const name = (eq < 0 ? token : token.slice(0, eq)).trim()
    const value = eq < 0 ? null : token.slice(eq + 1).trim()
    if (name === 'none') throw new PostError(`'none' means no post-processing and cannot be combined with other steps; leave it out.`)
    if (!(KINDS as readonly string[]).includes(name)) throw new PostError(`Unknown post-processing step '${name}'. ${USAGE}`)
    let step: PostStep
    if (name === 'pca') {
      if (value === null || value === '') throw new PostError('pca needs a number of components, e.g. pca=50.')
      if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value)) || Number(value) < 1) throw new PostError(`pca=${value}: the number of components must be a whole number ≥ 1, e.g. pca=50.`)
      step = { kind: 'pca', components: Number(value) }
    } else {
      if (value !== null) throw new PostError(`${name} takes no value; write just '${name}'.`)
      step = { kind: name as 'zscore' | 'minmax' | 'l2' }
    }
    if (steps.some((s) => s.kind === step.kind)) throw new PostError(`${name} appears twice in '${text}'. Each step can be used once.`)
    steps.push(step)
  }
  return steps
}

/** The canonical text of `steps` ('' for none): parsePostSteps reads it back to the same steps. */
export function describePostSteps(steps: readonly PostStep[]): string {
  checkPostSteps(steps)
  return steps.map((s) => (s.kind === 'pca' ? `pca=${s.components}` : s.kind)).join(',')
}

/**
 * Applies `steps` in order to a copy of `matrix`. Progress counts rows, once a step: done runs to
 * rows × steps. The signal is checked between steps and inside PCA.
 */
export function applyPost(matrix: Matrix, steps: readonly PostStep[], work: LongWork = {}): Matrix {
  checkPostSteps(steps)
  const problem = matrixProblem(matrix, 'post-processing')
  if (problem !== null) throw new PostError(problem)
  const { rows } = matrix
  const total = rows * steps.length
  let current: Matrix = matrix
  for (let i = 0; i < steps.length; i++) {
    work.signal?.throwIfAborted()
    const step = steps[i]!
    const base = i * rows
    if (step.kind === 'pca') {
      const onProgress = work.onProgress && ((done: number, of: number) => work.onProgress!(base + Math.floor((done / of) * rows), total))
      const data = fitTransform(current, { components: step.components, signal: work.signal, onProgress }).data
      current = { data, rows, cols: step.components }
    } else {
      const scale = step.kind === 'zscore' ? zscore : step.kind === 'minmax' ? minmax : l2
      current = { data: scale(current), rows, cols: current.cols }
      work.onProgress?.(base + rows, total)
    }
  }
  work.signal?.throwIfAborted()
  return { data: current === matrix ? Float32Array.from(matrix.data) : current.data, rows, cols: current.cols }
}

/** Steps built in code get the checks parsed ones had. */
function checkPostSteps(steps: readonly PostStep[]): void {
  const seen = new Set<string>()
  for (const step of steps) {
    if (!KINDS.includes(step.kind)) throw new PostError(`Unknown post-processing step '${String(step.kind)}'. ${USAGE}`)
    if (step.kind === 'pca' && (!Number.isInteger(step.components) || step.components < 1)) {
      throw new PostError(`pca=${step.components}: the number of components must be a whole number ≥ 1, e.g. pca=50.`)
    }
    if (seen.has(step.kind)) throw new PostError(`${step.kind} appears twice. Each step can be used once.`)
    seen.add(step.kind)
  }
}
