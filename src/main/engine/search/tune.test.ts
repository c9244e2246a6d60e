import { describe, expect, it } from 'vitest'
import { measureIndex } from './ann-measure'
import { clusteredPoints } from './ann-testing'
import { sampleRows, tuneIndex } from './tune'

const data = clusteredPoints(11, 2000, 32)

describe('tuneIndex', () => {
  it.each(['e2lsh', 'simhash'] as const)('finds a %s setting that reaches the target recall on its sample', async (kind) => {
    const tuned = await tuneIndex(kind, data, { targetRecall: 0.95, k: 10, sample: 150, seed: 2 })
    expect(tuned.reached).toBe(true)
    expect(tuned.quality.recallAtK).toBeGreaterThanOrEqual(0.95)
    expect(tuned.quality.approxFactor).toBeGreaterThanOrEqual(1)
    expect(tuned.trials.length).toBeGreaterThan(1)
    // The index handed back is set as reported: measured again on the same sample, same recall.
    const again = measureIndex(tuned.index, data, { rows: sampleRows(2000, 150, 2) }, 10)
    expect(again.recallAtK).toBe(tuned.quality.recallAtK)
    expect(tuned.index.stats().params).toMatchObject(tuned.params)
    // On other rows the setting holds up too.
    const others = measureIndex(tuned.index, data, { rows: sampleRows(2000, 150, 99) }, 10)
    expect(others.recallAtK).toBeGreaterThanOrEqual(0.9)
  })

  it('keeps the cheapest setting among those that reached the target', async () => {
    const tuned = await tuneIndex('e2lsh', data, { targetRecall: 0.9, sample: 100, seed: 3 })
    const reached = tuned.trials.filter((t) => t.quality.recallAtK >= 0.9)
    expect(reached.length).toBeGreaterThan(0)
    expect(tuned.quality.msPerQuery).toBe(Math.min(...reached.map((t) => t.quality.msPerQuery)))
  })

  it('tunes on held-out query vectors when given them', async () => {
    const fresh = clusteredPoints(11, 2150, 32)
    const heldOut = { data: fresh.data.subarray(2000 * 32), rows: 150, cols: 32 }
    const tuned = await tuneIndex('e2lsh', data, { queries: heldOut, seed: 4 })
    expect(tuned.reached).toBe(true)
    expect(tuned.quality.queries).toBe(150)
    expect(measureIndex(tuned.index, data, { vectors: heldOut }, 10).recallAtK).toBe(tuned.quality.recallAtK)
    await expect(tuneIndex('e2lsh', data, { queries: { data: new Float32Array(8), rows: 1, cols: 8 } })).rejects.toThrow(/columns/)
  })

  it('refuses a target it cannot mean', async () => {
    await expect(tuneIndex('e2lsh', data, { targetRecall: 1.5 })).rejects.toThrow(/target recall/)
  })

  it('draws distinct sample rows, the same for the same seed', () => {
    const a = sampleRows(50, 20, 7)
    expect(new Set(a).size).toBe(20)
    expect(Array.from(sampleRows(50, 20, 7))).toEqual(Array.from(a))
    expect(Array.from(sampleRows(50, 20, 8))).not.toEqual(Array.from(a))
  })
})
