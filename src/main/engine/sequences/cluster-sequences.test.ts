import { describe, expect, it } from 'vitest'
import { ari } from '../metrics/agreement'
import { clusterSequences } from './cluster-sequences'
import { SequenceError } from './errors'
import { generateFamilies } from './families'

const data = generateFamilies({ families: 12, membersPerFamily: 15, minLength: 100, maxLength: 400, rate: 0.05, seed: 5 })
const allPairs = (180 * 179) / 2

describe('clustering sequences on the MinHash candidate graph', () => {
  it('recovers generated families at the defaults while comparing far fewer than all pairs', () => {
    const result = clusterSequences(data.sequences)
    expect(ari(result.labels, data.family)).toBeGreaterThanOrEqual(0.9)
    // Pairs within families are 1/12 of all pairs; the candidates stay near that.
    expect(result.pairsCompared).toBeLessThan(0.15 * allPairs)
    expect(result.pairsFraction).toBeCloseTo(result.pairsCompared / allPairs, 12)
    expect(result.edges).toBeGreaterThan(12 * 14) // enough to connect each family
    expect(result.method).toBe('dbscan')
    expect(result.reasons.join(' ')).toMatch(/k = \d+/)
  })

  it('recovers them as connected components too, and repeats itself for the same seed', () => {
    const a = clusterSequences(data.sequences, { method: 'components', seed: 3 })
    const b = clusterSequences(data.sequences, { method: 'components', seed: 3 })
    expect(ari(a.labels, data.family)).toBeGreaterThanOrEqual(0.9)
    expect(b.labels).toEqual(a.labels)
    expect(b.pairsCompared).toBe(a.pairsCompared)
  })

  it('leaves unrelated sequences apart', () => {
    const strangers = generateFamilies({ families: 30, membersPerFamily: 1, minLength: 200, maxLength: 300, rate: 0, seed: 9 })
    const result = clusterSequences(strangers.sequences, { method: 'components' })
    expect(result.nClusters).toBe(30)
    expect(result.edges).toBe(0)
  })

  it('refuses k = 1 and a distance limit outside (0, 1)', () => {
    expect(() => clusterSequences(data.sequences, { k: 1 })).toThrow(/single character/)
    expect(() => clusterSequences(data.sequences, { maxDistance: 1.5 })).toThrow(SequenceError)
    expect(() => clusterSequences(data.sequences, { method: 'kmeans' as 'dbscan' })).toThrow(/no sequence clustering method/)
  })

  it('reports progress up to the end and stops when asked', () => {
    const seen: number[] = []
    clusterSequences(data.sequences.slice(0, 60), { onProgress: (done, total) => seen.push(done / total) })
    expect(seen.at(-1)).toBe(1)
    expect(seen.every((v, i) => i === 0 || v >= seen[i - 1]!)).toBe(true)
    const controller = new AbortController()
    controller.abort(new Error('stopped by the user'))
    expect(() => clusterSequences(data.sequences, { signal: controller.signal })).toThrow('stopped by the user')
  })
})

describe('exact copies', () => {
  it('are compared once and clustered with their first copy', () => {
    const base = data.sequences.slice(0, 30) // two families of 15
    const copies = [...base, ...base.slice(0, 10), ...Array.from({ length: 6 }, () => 'ACGTTGCAACGTAGCTAGCTAGGATCCA')]
    const once = clusterSequences(base)
    const result = clusterSequences(copies)
    expect(result.duplicates).toBe(15)
    expect(result.pairsCompared).toBe(once.pairsCompared)
    for (let i = 0; i < 10; i++) expect(result.labels[30 + i]).toBe(result.labels[i])
    // Six copies of one sequence and nothing like it: a cluster of their own.
    const own = result.labels[40]!
    expect(own).toBeGreaterThanOrEqual(0)
    expect(Array.from(result.labels.slice(40))).toEqual(Array(6).fill(own))
    expect(result.labels.slice(0, 40).includes(own)).toBe(false)
  })
})
