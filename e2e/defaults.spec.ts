import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import sharp from 'sharp'
import type { Locator, Page } from 'playwright-core'
import { openApp, startImport, snapshot, type AppUnderTest, type Served } from './helpers/app'
import { writeBytes } from '../src/main/test-support/fixtures'
import { seededRandom } from '../src/main/engine/random'

const SPEC = 'defaults'
/** Three folders of one simple pattern each; every image is jittered, so no two are alike. */
const PATTERNS = ['horizontal', 'vertical', 'disc'] as const
type Pattern = (typeof PATTERNS)[number]
const PER_FOLDER = 40
const TOTAL = PATTERNS.length * PER_FOLDER
const SIZE = 48

let app: AppUnderTest
let dir: string
let photos: string
let server: Served
let page: Page

/**
 * A grey 48 × 48 PNG: stripes with a random period and phase, or a filled disc of random radius
 * and centre, with random contrast and pixel noise.
 */
async function patternPng(pattern: Pattern, seed: number): Promise<Buffer> {
  const rnd = seededRandom(seed)
  const period = 6 + rnd() * 6
  const phase = rnd() * 2 * Math.PI
  const contrast = 70 + rnd() * 40
  const radius = 10 + rnd() * 8
  const cx = SIZE / 2 + (rnd() - 0.5) * 10
  const cy = SIZE / 2 + (rnd() - 0.5) * 10
  const pixels = Buffer.alloc(SIZE * SIZE)
  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) {
      const signal =
        pattern === 'disc'
          ? Math.hypot(x - cx, y - cy) <= radius ? 1 : -1
          : Math.sin((2 * Math.PI * (pattern === 'horizontal' ? y : x)) / period + phase)
      pixels[y * SIZE + x] = Math.max(0, Math.min(255, Math.round(128 + contrast * signal + (rnd() - 0.5) * 40)))
    }
  }
  return sharp(pixels, { raw: { width: SIZE, height: SIZE, channels: 1 } }).png().toBuffer()
}

const result = (): Locator => page.getByTestId('run-result')
const hogRow = (): Locator => page.locator('[data-testid="feature-set"][data-method="hog"]')

beforeAll(async () => {
  app = await openApp('likeness-e2e-', { width: 1500, height: 1000 }, async (root) => {
    dir = root
    photos = join(dir, 'patterns')
    for (const [g, pattern] of PATTERNS.entries()) {
      for (let i = 0; i < PER_FOLDER; i++) writeBytes(join(photos, pattern, `${pattern}-${i}.png`), await patternPng(pattern, 1000 * (g + 1) + i))
    }
  })
  ;({ server, page } = app)
})

afterAll(() => app?.close())

describe('the defaults chosen from the data, in the browser against likeness serve', () => {
  it('imports three folders of patterns and says why it chose the HOG parameters', async () => {
    await page.goto(server.url)
    await startImport(page, photos)
    await expect.poll(() => page.locator('[data-testid^="job-"][data-state="done"]').count(), { timeout: 120_000 }).toBe(1)
    await expect.poll(() => page.getByTestId('count-items').innerText()).toBe(String(TOTAL))

    await page.getByTestId('features-toggle').click()
    await expect.poll(() => hogRow().count()).toBe(1)
    expect(await hogRow().getAttribute('data-default')).toBe('true')
    expect(await hogRow().getByTestId('feature-set-default').innerText()).toBe('default for runs')
    const reason = hogRow().getByTestId('feature-set-reason')
    expect(await reason.isVisible()).toBe(true)
    // Chosen from the images' side of 48 px, and saying so.
    expect(await reason.innerText()).toMatch(/typical side of 48 px/)
    await snapshot(page, SPEC, '01-feature-reason')
    await page.getByTestId('features-toggle').click()
  })

  it('clusters with every setting left as it is and finds the three folders', async () => {
    await page.getByTestId('room-map').click()
    const featureSet = page.getByTestId('run-feature-set')
    await expect.poll(() => featureSet.locator('option').count()).toBe(1)
    expect(await featureSet.locator('option:checked').innerText()).toMatch(/^HOG.*\(default\)$/)
    expect(await page.getByTestId('no-run').isVisible()).toBe(true)

    await page.getByTestId('run-start').click()
    await expect.poll(() => result().count(), { timeout: 170_000 }).toBe(1)
    expect(await result().getAttribute('data-n')).toBe(String(TOTAL))

    const clusters = Number(await result().getAttribute('data-clusters'))
    const noise = Number(await result().getAttribute('data-noise'))
    const acc = Number(await result().getAttribute('data-acc'))
    expect(clusters).toBeGreaterThanOrEqual(2)
    expect(noise).toBeLessThan(0.5)
    expect(acc).toBeGreaterThanOrEqual(0.9)
    // The attributes and what a reader sees agree.
    expect(await page.getByTestId('run-acc').innerText()).toBe(acc.toFixed(3))
    expect(await page.getByTestId('run-clusters').innerText()).toMatch(new RegExp(`^${clusters} clusters`))
    // Nothing went wrong enough to warn of.
    expect(await page.getByTestId('run-warnings').count()).toBe(0)

    const reason = page.getByTestId('run-k-reason')
    await reason.scrollIntoViewIfNeeded()
    expect(await reason.isVisible()).toBe(true)
    expect((await reason.innerText()).length).toBeGreaterThan(20)
    const k = await page.getByTestId('run-k-choice').getAttribute('data-k')
    expect(await page.getByTestId('run-algo-line').innerText()).toBe(`K-Means k auto → ${k}`)
    await snapshot(page, SPEC, '02-default-run')
  })

  it('runs one of the other peaks of the silhouette curve with one click, changing only k', async () => {
    const first = await result().getAttribute('data-run-id')
    const tries = page.getByTestId('run-try-k')
    const offered = (await page.getByTestId('run-k-choice').getAttribute('data-alternatives')) ?? ''
    expect(await tries.count()).toBe(offered === '' ? 0 : offered.split(',').length)
    // Whether the curve has another peak depends on the data; with none there is nothing to try.
    if (offered === '') return
    const k = offered.split(',')[0]!
    expect(await tries.first().innerText()).toBe(`Try k = ${k}`)
    await tries.first().click()
    await expect.poll(() => result().getAttribute('data-run-id'), { timeout: 170_000 }).not.toBe(first)
    expect(await page.getByTestId('run-algo-line').innerText()).toBe(`K-Means k ${k}`)
    // The panel now holds the settings of the run it shows.
    expect(await page.getByTestId('run-k').inputValue()).toBe(k)
    await snapshot(page, SPEC, '03-try-k')
  })

  it('warns at the top of the result when a size leaves no groups to find, naming the setting', async () => {
    const first = await result().getAttribute('data-run-id')
    await page.getByTestId('run-algo').selectOption('hdbscan')
    expect(await page.getByTestId('run-min-samples').inputValue()).toBe('auto')
    expect(await page.getByTestId('run-min-cluster-size').inputValue()).toBe('auto')
    // Larger than any folder: HDBSCAN finds at most one cluster, or none.
    await page.getByTestId('run-min-cluster-size').fill('100')
    await page.getByTestId('run-start').click()
    await expect.poll(() => result().getAttribute('data-run-id'), { timeout: 170_000 }).not.toBe(first)
    expect(Number(await result().getAttribute('data-clusters'))).toBeLessThanOrEqual(1)
    const warnings = page.getByTestId('run-warnings')
    expect(await warnings.getAttribute('role')).toBe('alert')
    expect(await warnings.innerText()).toMatch(/min cluster size \(now 100\)/)
    // The typed size as typed, the automatic one as the value it took, and why.
    expect(await page.getByTestId('run-algo-line').innerText()).toMatch(/^HDBSCAN min cluster size 100 · min samples \d+ \(auto\)$/)
    expect(await page.getByTestId('run-sizes-reason').innerText()).toMatch(/Scaled to the 120 items/)
    if (Number(await result().getAttribute('data-clusters')) === 0) {
      // No cluster to match with the folders: no ACC at all, and the reason, rather than 0.000.
      expect(await page.getByTestId('run-acc').innerText()).toBe('—')
      expect(await result().innerText()).toMatch(/No clusters: every item is noise/)
    }
    await warnings.scrollIntoViewIfNeeded()
    await snapshot(page, SPEC, '04-warning')
  })
})
