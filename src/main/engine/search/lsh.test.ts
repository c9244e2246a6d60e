import { describe, expect, it } from 'vitest'
import { buildBuckets, findBucket, ProbeSequence } from './ann-buckets'
import { lowerBound } from './ann-bound'
import { squaredDistance } from './checks'
import { ExactVectorIndex } from './ann-exact'
import { measureIndex, type QuerySet } from './ann-measure'
import { clusteredPoints } from './ann-testing'
import type { VectorIndex } from './ann-types'
import { E2lshIndex } from './lsh-e2'
import { bruteKnnOf } from './reference'
import { SimHashIndex } from './simhash'
import { sampleRows } from './tune'

const data = clusteredPoints(3, 2000, 32)
const queries: QuerySet = { rows: sampleRows(2000, 200, 1) }
const recall = (index: VectorIndex): number => measureIndex(index, data, queries, 10).recallAtK
const row = (i: number): Float32Array => data.data.slice(i * 32, i * 32 + 32)

describe('E2LSH', () => {
  const good = { w: 8, hashes: 8, tables: 8, probes: 8, seed: 1 }

  it('hashes a vector the same way under one seed and differently under another', () => {
    const a = new E2lshIndex(data, good).hashKeys(row(5))
    expect(Array.from(new E2lshIndex(data, good).hashKeys(row(5)))).toEqual(Array.from(a))
    const b = new E2lshIndex(data, { ...good, seed: 2 }).hashKeys(row(5))
    expect(Array.from(b)).not.toEqual(Array.from(a))
  })

  it('finds an indexed row in its own bucket, with no probes and one table', () => {
    const index = new E2lshIndex(data, { w: 2, hashes: 12, tables: 1, probes: 0, seed: 4 })
    for (const i of [0, 17, 1999]) {
      const r = index.search(row(i), 1)
      expect(r.distances[0]).toBe(0)
      expect(Array.from(data.data.subarray(r.indices[0]! * 32, r.indices[0]! * 32 + 32))).toEqual(Array.from(row(i)))
    }
  })

  it('reaches high recall@10 with a good setting, and a crippled one does far worse', () => {
    const r = recall(new E2lshIndex(data, good))
    expect(r).toBeGreaterThanOrEqual(0.9)
    expect(recall(new E2lshIndex(data, { w: 2, hashes: 30, tables: 1, probes: 0, seed: 1 }))).toBeLessThan(r - 0.5)
  })

  it('raises recall by probing more buckets at the same tables', () => {
    const index = new E2lshIndex(data, { w: 4, hashes: 8, tables: 4, probes: 0, seed: 1 })
    const none = recall(index)
    index.setProbes(32)
    expect(recall(index)).toBeGreaterThan(none + 0.2)
  })

  it('returns exact distances, sorted, with the query row left out', () => {
    const index = new E2lshIndex(data, good)
    for (const i of [3, 400, 1234]) {
      const got = index.searchOf(i, 10)
      expect(Array.from(got.indices)).not.toContain(i)
      const want = bruteKnnOf(data, i, 1999)
      const exact = new Map(Array.from(want.indices, (j, t) => [j, want.distances[t]!]))
      got.indices.forEach((j, t) => expect(got.distances[t]).toBe(exact.get(j)))
      for (let t = 1; t < got.distances.length; t++) expect(got.distances[t]).toBeGreaterThanOrEqual(got.distances[t - 1]!)
    }
  })

  it('reports progress and stops when aborted', () => {
    const seen: number[][] = []
    new E2lshIndex(data, good, { onProgress: (done, total) => seen.push([done, total]) })
    expect(seen.length).toBeGreaterThan(1)
    expect(seen.at(-1)![0]).toBe(seen.at(-1)![1])
    const controller = new AbortController()
    controller.abort(new Error('stopped'))
    expect(() => new E2lshIndex(data, good, { signal: controller.signal })).toThrow('stopped')
  })

  it('rejects settings that cannot work, saying which', () => {
    expect(() => new E2lshIndex(data, { ...good, w: 0 })).toThrow(/slot width/)
    expect(() => new E2lshIndex(data, { ...good, tables: 0 })).toThrow(/tables/)
  })
})

describe('SimHash', () => {
  const good = { bits: 10, tables: 4, probes: 8, seed: 1 }

  it('hashes a vector the same way under one seed and differently under another', () => {
    const a = new SimHashIndex(data, good).hashKeys(row(9))
    expect(Array.from(new SimHashIndex(data, good).hashKeys(row(9)))).toEqual(Array.from(a))
    expect(Array.from(new SimHashIndex(data, { ...good, seed: 2 }).hashKeys(row(9)))).not.toEqual(Array.from(a))
  })

  it('reaches high recall@10 for cosine and for Euclidean re-ranking; probes raise it', () => {
    expect(recall(new SimHashIndex(data, good, 'cosine'))).toBeGreaterThanOrEqual(0.9)
    expect(recall(new SimHashIndex(data, good, 'euclidean'))).toBeGreaterThanOrEqual(0.9)
    const thin = new SimHashIndex(data, { bits: 20, tables: 1, probes: 0, seed: 1 }, 'euclidean')
    const none = recall(thin)
    thin.setProbes(64)
    expect(recall(thin)).toBeGreaterThan(none + 0.2)
  })

  it('returns exact cosine distances', () => {
    const index = new SimHashIndex(data, good, 'cosine')
    const exact = new ExactVectorIndex(data, 'cosine').searchOf(7, 1999)
    const byId = new Map(Array.from(exact.indices, (j, t) => [j, exact.distances[t]!]))
    const got = index.searchOf(7, 10)
    expect(got.indices.length).toBe(10)
    got.indices.forEach((j, t) => expect(got.distances[t]).toBe(byId.get(j)))
  })
})

describe('measureIndex', () => {
  it('gives the exact scan recall 1 and factor 1, and counts every other point as a candidate', () => {
    const q = measureIndex(new ExactVectorIndex(data), data, queries, 10)
    expect(q.recallAt1).toBe(1)
    expect(q.recallAtK).toBe(1)
    expect(q.approxFactor).toBe(1)
    expect(q.candidatesFraction).toBeCloseTo(1999 / 2000, 10)
  })

  it('computes recall and the approximation factor of a hand-made answer', () => {
    // Points on a line at 0, 1, 2, 4, 8; the query is point 0; the true 2 nearest are 1 (d 1) and 2 (d 2).
    const line = { data: Float32Array.from([0, 1, 2, 4, 8]), rows: 5, cols: 1 }
    const wrong: VectorIndex = {
      kind: 'exact', metric: 'euclidean', size: 5, dim: 1,
      search: () => ({ indices: new Int32Array(0), distances: new Float32Array(0) }),
      searchOf: () => ({ indices: Int32Array.from([2, 3]), distances: Float32Array.from([2, 4]) }),
      stats: () => ({ params: {}, bytes: 0, lastCandidates: 2 })
    }
    const q = measureIndex(wrong, line, { rows: Int32Array.from([0]) }, 2)
    expect(q.recallAt1).toBe(0)
    expect(q.recallAtK).toBe(0.5)
    expect(q.approxFactor).toBe(2)
    expect(q.candidatesFraction).toBe(2 / 5)
  })
})

describe('ProbeSequence', () => {
  it('lists every set of positions once, in ascending total score', () => {
    const z = Float64Array.from([0.01, 0.04, 0.09, 0.2, 0.5])
    const seq = new ProbeSequence(40)
    seq.reset(z, 5)
    const out = new Int32Array(5)
    const seen = new Set<string>()
    let last = -1
    for (let node = seq.next(); node !== -1; node = seq.next()) {
      const n = seq.positions(node, out)
      const set = Array.from(out.subarray(0, n)).sort()
      const score = set.reduce((s, p) => s + z[p]!, 0)
      expect(score).toBeGreaterThanOrEqual(last - 1e-12)
      last = score
      expect(seen.has(set.join())).toBe(false)
      seen.add(set.join())
    }
    expect(seen.size).toBe(31) // all non-empty subsets of 5 positions
  })
})

describe('buckets and the lower bound', () => {
  it('groups points by key and finds every key, negative ones included, and no other', () => {
    const keys = Int32Array.from([5, -3, 5, 0, -3, 2147483647, 5])
    const table = buildBuckets(keys, keys.length, 1, 0)
    const members = (key: number): number[] => {
      const b = findBucket(table, key)
      return b === -1 ? [] : Array.from(table.ids.subarray(table.start[b]!, table.start[b + 1]!)).sort()
    }
    expect(members(5)).toEqual([0, 2, 6])
    expect(members(-3)).toEqual([1, 4])
    expect(members(0)).toEqual([3])
    expect(members(2147483647)).toEqual([5])
    expect(members(7)).toEqual([])
  })

  it('never exceeds the true squared distance, and is tight along the main directions', () => {
    const m = clusteredPoints(8, 600, 40)
    const lb = lowerBound(m, 1)!
    let ratio = 0
    for (let t = 0; t < 300; t++) {
      const i = (t * 37) % 600
      const j = (t * 91 + 5) % 600
      let s = 0
      for (let c = 0; c < lb.p; c++) s += (lb.coords[i * lb.p + c]! - lb.coords[j * lb.p + c]!) ** 2
      const exact = squaredDistance(m.data, i * 40, j * 40, 40)
      expect(s).toBeLessThanOrEqual(exact * (1 + 1e-5) + 1e-9)
      ratio += exact > 0 ? s / exact : 1
    }
    // 8 directions of 40, but the clusters' centres span the directions of largest variance.
    expect(ratio / 300).toBeGreaterThan(0.5)
  })
})
