import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { seededRandom } from '../random'
import { applyPost, describePostSteps, parsePostSteps, PostError, type PostStep } from './index'

interface PostFixture {
  matrices: Record<string, { rows: number; cols: number; data: number[] }>
  cases: { matrix: string; steps: string; rows: number; cols: number; out: number[] }[]
}

const fixture = JSON.parse(readFileSync(new URL('./__fixtures__/post.json', import.meta.url), 'utf8')) as PostFixture

function matrixOf(label: string): { data: Float32Array; rows: number; cols: number } {
  const m = fixture.matrices[label]!
  return { data: Float32Array.from(m.data), rows: m.rows, cols: m.cols }
}

function randomMatrix(seed: number, rows: number, cols: number): { data: Float32Array; rows: number; cols: number } {
  const random = seededRandom(seed)
  return { data: Float32Array.from({ length: rows * cols }, (_, i) => (random() - 0.2) * (1 + (i % cols))), rows, cols }
}

describe('post-processing text', () => {
  it('reads steps in order, with case and spaces ignored', () => {
    expect(parsePostSteps('zscore,pca=50')).toEqual([{ kind: 'zscore' }, { kind: 'pca', components: 50 }])
    expect(parsePostSteps(' L2 ')).toEqual([{ kind: 'l2' }])
    expect(parsePostSteps('minmax, l2')).toEqual([{ kind: 'minmax' }, { kind: 'l2' }])
    expect(parsePostSteps('pca = 3 ,zscore')).toEqual([{ kind: 'pca', components: 3 }, { kind: 'zscore' }])
    expect(parsePostSteps('')).toEqual([])
    expect(parsePostSteps('none')).toEqual([])
  })

  it('writes the canonical text back, and that text reads back to the same steps', () => {
    for (const text of ['zscore,pca=50', 'l2', 'minmax,l2', 'pca=2,minmax', 'l2,zscore,pca=7,minmax', '']) {
      expect(describePostSteps(parsePostSteps(text))).toBe(text)
    }
    expect(describePostSteps(parsePostSteps(' ZScore , PCA=050 '))).toBe('zscore,pca=50')
    const steps: PostStep[] = [{ kind: 'l2' }, { kind: 'pca', components: 4 }]
    expect(parsePostSteps(describePostSteps(steps))).toEqual(steps)
  })

  it('explains unknown steps, bad numbers and duplicates', () => {
    expect(() => parsePostSteps('zscore,whiten')).toThrow("Unknown post-processing step 'whiten'. Use zscore, minmax, l2 or pca=K")
    expect(() => parsePostSteps('pca')).toThrow('pca needs a number of components, e.g. pca=50.')
    expect(() => parsePostSteps('pca=')).toThrow('pca needs a number of components')
    for (const bad of ['pca=0', 'pca=2.5', 'pca=-3', 'pca=abc', 'pca=1e3', 'pca=99999999999999999999']) {
      expect(() => parsePostSteps(bad), bad).toThrow(/the number of components must be a whole number ≥ 1/)
    }
    expect(() => parsePostSteps('zscore=1')).toThrow("zscore takes no value; write just 'zscore'.")
    expect(() => parsePostSteps('zscore,l2,zscore')).toThrow("zscore appears twice in 'zscore,l2,zscore'.")
    expect(() => parsePostSteps('pca=3,pca=5')).toThrow(/pca appears twice/)
    expect(() => parsePostSteps('zscore,,l2')).toThrow(/has an empty step/)
    expect(() => parsePostSteps('none,l2')).toThrow(/'none' means no post-processing/)
    expect(() => describePostSteps([{ kind: 'pca', components: 0 }])).toThrow(PostError)
    expect(() => describePostSteps([{ kind: 'l2' }, { kind: 'l2' }])).toThrow(/l2 appears twice/)
  })
})

describe('post-processing against scikit-learn', () => {
  it('matches every pipeline on every fixture matrix to 1e-5', () => {
    expect(fixture.cases.length).toBeGreaterThanOrEqual(50)
    for (const c of fixture.cases) {
      const out = applyPost(matrixOf(c.matrix), parsePostSteps(c.steps))
      expect([out.rows, out.cols], `${c.steps} on ${c.matrix}`).toEqual([c.rows, c.cols])
      // Float32 storage after each step: relative 1e-5, and entries near zero judged against the largest.
      const scale = c.out.reduce((m, x) => Math.max(m, Math.abs(x)), 0)
      for (let i = 0; i < c.out.length; i++) {
        const tol = 1e-5 * Math.abs(c.out[i]!) + 1e-6 * scale
        if (!(Math.abs(out.data[i]! - c.out[i]!) <= tol)) expect.fail(`${c.steps} on ${c.matrix}, value ${i}: expected ${c.out[i]}, got ${out.data[i]}`)
      }
    }
  })
})

describe('applyPost', () => {
  it('depends on the order of the steps', () => {
    const m = matrixOf('tall')
    const a = applyPost(m, parsePostSteps('l2,zscore')).data
    const b = applyPost(m, parsePostSteps('zscore,l2')).data
    let diff = 0
    for (let i = 0; i < a.length; i++) diff = Math.max(diff, Math.abs(a[i]! - b[i]!))
    expect(diff).toBeGreaterThan(0.1)
  })

  it('never changes its input, and returns a copy when there are no steps', () => {
    const m = randomMatrix(31, 20, 5)
    const before = Float32Array.from(m.data)
    applyPost(m, parsePostSteps('zscore,pca=3,l2'))
    expect(Array.from(m.data)).toEqual(Array.from(before))
    const none = applyPost(m, [])
    expect(none.data).not.toBe(m.data)
    expect(Array.from(none.data)).toEqual(Array.from(before))
    expect([none.rows, none.cols]).toEqual([20, 5])
  })

  it('counts progress in rows once a step, up to rows × steps', () => {
    const calls: [number, number][] = []
    applyPost(randomMatrix(32, 300, 6), parsePostSteps('zscore,pca=2,l2'), { onProgress: (done, total) => calls.push([done, total]) })
    expect(calls.every(([, total]) => total === 900)).toBe(true)
    for (let i = 1; i < calls.length; i++) expect(calls[i]![0]).toBeGreaterThanOrEqual(calls[i - 1]![0])
    expect(calls.map(([done]) => done)).toContain(300)
    expect(calls.at(-1)![0]).toBe(900)
  })

  it('stops with the signal’s reason', () => {
    const controller = new AbortController()
    let calls = 0
    const run = (): unknown =>
      applyPost(randomMatrix(33, 50, 4), parsePostSteps('minmax,l2,zscore'), {
        signal: controller.signal,
        onProgress: () => {
          calls++
          controller.abort(new Error('cancelled by the user'))
        }
      })
    expect(run).toThrow('cancelled by the user')
    expect(calls).toBe(1)
  })

  it('explains bad data and a PCA larger than the data allows', () => {
    const m = randomMatrix(34, 5, 3)
    m.data[4] = NaN
    expect(() => applyPost(m, [{ kind: 'l2' }])).toThrow(/Row 1 has NaN in column 1\. Remove or impute missing values before post-processing/)
    expect(() => applyPost(randomMatrix(35, 5, 3), parsePostSteps('zscore,pca=4'))).toThrow(/at most 3 components in 5 rows × 3 columns/)
    expect(() => applyPost(randomMatrix(36, 5, 3), [{ kind: 'pca', components: 1.5 }])).toThrow(PostError)
  })
})
