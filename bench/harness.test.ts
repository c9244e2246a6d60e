import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { BenchUsageError, listBenchmarks, median, parseBenchArgs, round, seededRandom, subSeed, timeRepeated } from './harness'

describe('median', () => {
  it('takes the middle of an odd count, whatever the order', () => {
    expect(median([9, 1, 5])).toBe(5)
    expect(median([3.5])).toBe(3.5)
  })

  it('takes the mean of the two middle values of an even count', () => {
    // sorted: 1, 2, 10, 40 → (2 + 10) / 2
    expect(median([40, 2, 10, 1])).toBe(6)
  })

  it('leaves its input unsorted and refuses an empty list', () => {
    const xs = [3, 1, 2]
    median(xs)
    expect(xs).toEqual([3, 1, 2])
    expect(() => median([])).toThrow(/no values/)
  })
})

describe('timeRepeated', () => {
  it('runs the work the asked number of times and reports the median of their durations', async () => {
    const calls: number[] = []
    const { seconds, runs } = await timeRepeated(3, async (i) => {
      calls.push(i)
      await new Promise((res) => setTimeout(res, i === 1 ? 60 : 5))
    })
    expect(calls).toEqual([0, 1, 2])
    expect(runs).toHaveLength(3)
    // The one slow run (≥ 60 ms) is not the median.
    expect(runs[1]).toBeGreaterThanOrEqual(0.055)
    expect(seconds).toBe(median(runs))
    expect(seconds).toBeLessThan(runs[1]!)
  })
})

describe('parseBenchArgs', () => {
  it('reads the name and the numeric options, with the default seed', () => {
    expect(parseBenchArgs(['import', '--size', '2000', '--workers', '2'])).toEqual({
      name: 'import', size: 2000, seed: 1, queries: undefined, workers: 2, repeats: undefined, fresh: false
    })
  })

  it('accepts sizes written with separators or an exponent, and flags in any position', () => {
    const args = parseBenchArgs(['--size', '10_000', 'lsh', '--queries', '1e3', '--seed', '0', '--fresh'])
    expect(args).toMatchObject({ name: 'lsh', size: 10_000, queries: 1000, seed: 0, fresh: true })
    expect(args.data).toBeUndefined()
    expect(parseBenchArgs(['cluster', '--data', 'shapes']).data).toBe('shapes')
  })

  it('refuses a missing name, two names, unknown options and values that are not whole numbers', () => {
    expect(() => parseBenchArgs([])).toThrow(BenchUsageError)
    expect(() => parseBenchArgs(['lsh', 'import'])).toThrow(/one benchmark at a time/)
    expect(() => parseBenchArgs(['lsh', '--bogus'])).toThrow(BenchUsageError)
    expect(() => parseBenchArgs(['lsh', '--size', '2.5'])).toThrow(/--size must be a whole number/)
    expect(() => parseBenchArgs(['lsh', '--size', '0'])).toThrow(/at least 1/)
    expect(() => parseBenchArgs(['lsh', '--seed', '-1'])).toThrow(/--seed/)
  })
})

describe('round', () => {
  it('rounds to the asked decimals', () => {
    expect(round(123.456)).toBe(123.5)
    expect(round(0.12345, 3)).toBe(0.123)
    expect(round(2.5, 0)).toBe(3)
  })
})

describe('seededRandom', () => {
  it('gives the same numbers for the same seed, and others for another seed', () => {
    const a = seededRandom(42)
    const b = seededRandom(42)
    const c = seededRandom(43)
    const xs = Array.from({ length: 5 }, a)
    expect(Array.from({ length: 5 }, b)).toEqual(xs)
    expect(Array.from({ length: 5 }, c)).not.toEqual(xs)
  })

  it('matches the reference mulberry32 for seed 1', () => {
    // First output of the published mulberry32 for seed 1, computed apart: 2693262067 / 2^32.
    expect(seededRandom(1)()).toBeCloseTo(0.6270739405881613, 15)
  })

  it('stays in [0, 1) with a mean near one half', () => {
    const r = seededRandom(7)
    const xs = Array.from({ length: 10_000 }, r)
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0)
    expect(Math.max(...xs)).toBeLessThan(1)
    expect(xs.reduce((a, b) => a + b, 0) / xs.length).toBeCloseTo(0.5, 1)
  })
})

describe('subSeed', () => {
  it('gives distinct unsigned seeds for the items of one seed', () => {
    const seeds = new Set(Array.from({ length: 1000 }, (_, i) => subSeed(1, i)))
    expect(seeds.size).toBe(1000)
    for (const s of seeds) expect(Number.isInteger(s) && s >= 0 && s < 2 ** 32).toBe(true)
  })
})

describe('listBenchmarks', () => {
  it('lists the modules of bench/ that export run, leaving out the helpers', async () => {
    const names = await listBenchmarks()
    expect(names).toEqual(expect.arrayContaining(['autoencoder', 'backends', 'cluster', 'dbscan', 'import', 'measures', 'siamese']))
    for (const helper of ['mnist', 'harness', 'run', 'harness.test']) expect(names).not.toContain(helper)
  })

  it('recognises each way of exporting run, and only that name', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'likeness-bench-list-'))
    try {
      const files: Record<string, string> = {
        'b.ts': 'export async function run(args) {}\n',
        'a.ts': "import x from 'y'\nexport function run(args) {}\n",
        'c.ts': 'export const run = async () => ({})\n',
        'helper.ts': 'export function runAll() {}\nexport const MNIST_TOTAL = 1\n// export function run() is described here\n',
        'a.test.ts': 'export function run() {}\n',
        'types.d.ts': 'export function run(): void\n',
        'notes.md': 'export function run() {}\n'
      }
      for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text)
      expect(await listBenchmarks(dir)).toEqual(['a', 'b', 'c'])
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
