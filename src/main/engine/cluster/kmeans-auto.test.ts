import { describe, expect, it } from 'vitest'
import { accuracy } from '../metrics/accuracy'
import { gaussianBlobs } from './hdbscan-testing'
import { PEAK_TOLERANCE, chooseFromCurve, kmeansAuto } from './kmeans-auto'

const curve = (values: number[], kMin = 2): { k: number; silhouette: number }[] => values.map((silhouette, i) => ({ k: kMin + i, silhouette }))

/**
 * Two super-groups far apart, each of four tight blobs in a square: in 2-D, as a UMAP layout of
 * colour drawings and line art would put them. The eight blobs are the groups.
 */
function superGroups(count = 50, seed = 3): { matrix: ReturnType<typeof gaussianBlobs>; groups: Int32Array } {
  const centres: number[][] = []
  for (const ox of [0, 100]) for (const [dx, dy] of [[0, 0], [12, 0], [0, 12], [12, 12]]) centres.push([ox + dx!, dy!])
  const matrix = gaussianBlobs(seed, centres.map((centre) => ({ centre, sd: 1, count })))
  return { matrix, groups: Int32Array.from({ length: 8 * count }, (_, i) => Math.floor(i / count)) }
}

describe('chooseFromCurve', () => {
  it('takes the only peak, the highest score, when the curve has one', () => {
    const c = chooseFromCurve(curve([0.45, 0.52, 0.61, 0.79, 0.7, 0.66]))
    expect(c).toMatchObject({ k: 5, alternatives: [] })
    expect(c.reason).toBe('k = 5 has the highest silhouette, 0.79.')
  })

  it('takes a later peak within the tolerance of the best over the best at k = 2', () => {
    // Two islands score 0.80 at k = 2; their eight groups peak at 0.74 at k = 8.
    const c = chooseFromCurve(curve([0.8, 0.62, 0.6, 0.63, 0.66, 0.7, 0.74, 0.61, 0.55]))
    expect(c.k).toBe(8)
    expect(c.alternatives).toEqual([2])
    expect(c.reason).toMatch(/^k = 8 is the largest peak of the silhouette curve within 0.1 of the best, k = 2 \(0.80\), rising 0.14 above the dip before it/)
  })

  it('keeps the best on a flat curve that only wobbles: a later peak must rise above the dip before it', () => {
    // The 300-digit sample: peaks at 6, 11 (best) and the end of the range, 15, a mere 0.02 above the dip.
    const wobble = [0.492, 0.549, 0.623, 0.62, 0.652, 0.64, 0.635, 0.627, 0.644, 0.654, 0.639, 0.606, 0.616, 0.627]
    const c = chooseFromCurve(curve(wobble))
    expect(c.k).toBe(11)
    expect(c.alternatives).toEqual([6, 15, 4])
    expect(c.reason).toMatch(/^k = 11 has the highest silhouette, 0.65; no peak at a larger k/)
  })

  it('keeps the best when the later peaks are lower by more than the tolerance, and lists them best first', () => {
    const c = chooseFromCurve(curve([0.75, 0.58, 0.58, 0.63, 0.51, 0.6, 0.49]))
    expect(c.k).toBe(2)
    expect(c.alternatives).toEqual([5, 7])
    expect(c.reason).toBe('k = 2 has the highest silhouette, 0.75; no peak at a larger k is within 0.1 of it and 0.05 above the dip before it.')
  })

  it('counts a peak at the top of the range, breaks ties towards the smaller k, and tolerance 0 is the plain maximum', () => {
    expect(chooseFromCurve(curve([0.5, 0.6, 0.7])).k).toBe(4)
    expect(chooseFromCurve(curve([0.7, 0.7, 0.5])).k).toBe(2)
    expect(chooseFromCurve(curve([0.8, 0.6, 0.75, 0.5]), 0).k).toBe(2)
    expect(chooseFromCurve(curve([0.8, 0.6, 0.75, 0.5]), PEAK_TOLERANCE).k).toBe(4)
  })

  it('refuses an empty curve', () => {
    expect(() => chooseFromCurve([])).toThrow(/no silhouette scores/)
  })
})

describe('kmeansAuto on groups inside super-groups', () => {
  it('does not collapse eight groups in two super-groups to k = 2, which the highest silhouette alone would choose', async () => {
    const { matrix, groups } = superGroups()
    const { result, choice } = await kmeansAuto(matrix, { seed: 1, kMax: 12 })
    const top = choice.scores.reduce((a, b) => (b.silhouette > a.silhouette ? b : a))
    expect(top.k).toBe(2)
    expect(choice.k).toBe(8)
    expect(choice.alternatives).toContain(2)
    expect(accuracy(result.labels, groups).acc).toBe(1)
    // The plain rule, for contrast.
    const plain = await kmeansAuto(matrix, { seed: 1, kMax: 12, tolerance: 0 })
    expect(plain.choice.k).toBe(2)
  })
})
