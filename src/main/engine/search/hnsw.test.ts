import { describe, expect, it } from 'vitest'
import { clusteredPoints } from './ann-testing'
import { buildHnsw, loadHnswlib } from './hnsw'
import { ExactVectorIndex } from './ann-exact'
import { bruteKnnOf } from './reference'

// hnswlib-node is an optional dependency compiled at install; without it these tests cannot run.
const loaded = await loadHnswlib().then(
  () => null,
  (err: Error) => err.message
)
if (loaded) console.warn(`Skipping the HNSW tests: ${loaded}`)

describe.skipIf(loaded !== null)('HNSW (hnswlib-node)', () => {
  const tiny = clusteredPoints(5, 300, 8, 6)

  it('returns the exact neighbours and distances on a small set with a wide search', async () => {
    const index = await buildHnsw(tiny, { M: 16, efConstruction: 200, ef: 300, seed: 1 })
    for (const i of [0, 41, 299]) {
      const got = index.searchOf(i, 7)
      const want = bruteKnnOf(tiny, i, 7)
      expect(Array.from(got.indices)).toEqual(Array.from(want.indices))
      expect(Array.from(got.distances)).toEqual(Array.from(want.distances))
    }
    const query = Float32Array.from({ length: 8 }, (_, d) => d / 8)
    expect(Array.from(index.search(query, 5).indices)).toEqual(Array.from(new ExactVectorIndex(tiny).search(query, 5).indices))
  })

  it('ranks by cosine distance when asked', async () => {
    const index = await buildHnsw(tiny, { M: 16, efConstruction: 200, ef: 300, seed: 1 }, 'cosine')
    const got = index.searchOf(12, 5)
    const want = new ExactVectorIndex(tiny, 'cosine').searchOf(12, 5)
    expect(Array.from(got.indices)).toEqual(Array.from(want.indices))
    expect(Array.from(got.distances)).toEqual(Array.from(want.distances))
  })

  it('reports progress and stops when aborted', async () => {
    const seen: number[] = []
    await buildHnsw(tiny, { M: 8, efConstruction: 50, ef: 10, seed: 1 }, 'euclidean', { onProgress: (done) => seen.push(done) })
    expect(seen.at(-1)).toBe(300)
    const controller = new AbortController()
    controller.abort(new Error('stopped'))
    await expect(buildHnsw(tiny, { M: 8, efConstruction: 50, ef: 10, seed: 1 }, 'euclidean', { signal: controller.signal })).rejects.toThrow('stopped')
  })
})
