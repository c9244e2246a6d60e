import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import type { Locator, Page } from 'playwright-core'
import { openApp, startImport, snapshot, type AppUnderTest, type Served } from './helpers/app'
import { noiseImage, writeBytes } from '../src/main/test-support/fixtures'

const SPEC = 'features'
let app: AppUnderTest
let dir: string
let photos: string
let server: Served
let page: Page

const row = (method: string): Locator => page.locator(`[data-testid="feature-set"][data-method="${method}"]`)
const cell = async (method: string, testId: string): Promise<string> => (await row(method).getByTestId(testId).innerText()).trim()
const doneJobs = (): Locator => page.locator('[data-testid^="job-"][data-state="done"]')

beforeAll(async () => {
  app = await openApp('likeness-e2e-', { width: 1400, height: 1000 }, async (root) => {
    dir = root
    photos = join(dir, 'photos')
    for (const [g, group] of ['left', 'right'].entries()) {
      for (let i = 0; i < 3; i++) writeBytes(join(photos, group, `${group}-${i}.png`), await noiseImage(40, 30, 10 * g + i).png().toBuffer())
    }
  })
  ;({ server, page } = app)
})

afterAll(() => app?.close())

describe('feature sets of a dataset in the browser against likeness serve', () => {
  it('lists the HOG set that the import computed, complete', async () => {
    await page.goto(server.url)
    await startImport(page, photos)
    await expect.poll(() => doneJobs().count(), { timeout: 60_000 }).toBe(1)
    await expect.poll(() => page.getByTestId('thumb').count()).toBe(6)

    expect(await page.getByTestId('features-panel').count()).toBe(0)
    const toggle = page.getByTestId('features-toggle')
    await toggle.click()
    expect(await toggle.getAttribute('aria-expanded')).toBe('true')
    await expect.poll(() => page.getByTestId('feature-set').count()).toBe(1)
    expect(await row('hog').getAttribute('data-complete')).toBe('true')
    expect(await cell('hog', 'feature-set-time')).toBe('computed during import')
    expect(await cell('hog', 'feature-set-vectors')).toBe('6 of 6')
    // Chosen from the images' typical side of 35 px: 70 px in 7 × 7 cells of 10 px, so 5 × 5 blocks of 3 × 3 cells, 9 bins each.
    expect(await cell('hog', 'feature-set-dimension')).toBe('2,026')
    expect(await cell('hog', 'feature-set-params')).toMatch(/^size 70 · cell 10 · block 3 · bins 9 · /)
    expect(await page.getByTestId('features-count').innerText()).toBe('1')
    // The grid stays in view below the panel.
    expect(await page.getByTestId('thumb-grid').isVisible()).toBe(true)
    await snapshot(page, SPEC, '01-import-set')
  })

  it('offers only the methods that apply to images, with their defaults filled in', async () => {
    const methods = await page.getByTestId('features-method').locator('option').evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value))
    expect(methods).toContain('pixels')
    expect(methods).not.toContain('imported')
    // HOG starts from the parameters the import chose for these images, not the generic 128 px.
    await page.getByTestId('features-method').selectOption('hog')
    expect(await page.getByTestId('feature-param-size').inputValue()).toBe('70')
    expect(await page.getByTestId('feature-param-cell').inputValue()).toBe('10')
    await page.getByTestId('features-method').selectOption('pixels')
    const size = page.getByTestId('feature-param-size')
    expect(await size.inputValue()).toBe('28')
    expect(await page.getByTestId('feature-param-color').inputValue()).toBe('gray')
    await size.fill('8')
    await page.getByTestId('features-reset').click()
    expect(await size.inputValue()).toBe('28')
  })

  it('refuses an empty size before asking the engine', async () => {
    const jobs = await page.locator('[data-testid^="job-"]').count()
    await page.getByTestId('feature-param-size').fill('')
    await page.getByTestId('features-submit').click()
    await expect.poll(() => page.getByTestId('features-error').isVisible()).toBe(true)
    expect(await page.getByTestId('features-error').innerText()).toMatch(/size takes a whole number from 1 to 1,024/)
    expect(await page.locator('[data-testid^="job-"]').count()).toBe(jobs)
  })

  it('computes a pixels set of 8 × 8 values', async () => {
    await page.getByTestId('feature-param-size').fill('8')
    expect(await page.getByTestId('features-error').count()).toBe(0)
    await page.getByTestId('features-submit').click()
    await expect.poll(() => row('pixels').count(), { timeout: 60_000 }).toBe(1)
    await expect.poll(() => row('pixels').getAttribute('data-complete'), { timeout: 60_000 }).toBe('true')
    expect(await cell('pixels', 'feature-set-dimension')).toBe('64')
    expect(await cell('pixels', 'feature-set-vectors')).toBe('6 of 6')
    expect(await cell('pixels', 'feature-set-params')).toBe('size 8 · color gray')
    expect(await cell('pixels', 'feature-set-time')).toMatch(/ s$/)
    expect(await cell('pixels', 'feature-set-failures')).toBe('none')
    await expect.poll(() => doneJobs().filter({ hasText: 'Pixels' }).count()).toBe(1)
    expect(await doneJobs().filter({ hasText: 'Pixels' }).getByTestId('outcome').innerText()).toMatch(/^6 vectors computed \(64 values each\)/)
    await snapshot(page, SPEC, '02-pixels')
  })

  it('reuses the complete set when asked for the same one again', async () => {
    await page.getByTestId('features-submit').click()
    const reused = doneJobs().filter({ hasText: 'Reused' })
    await expect.poll(() => reused.count(), { timeout: 30_000 }).toBe(1)
    expect(await reused.getByTestId('outcome').innerText()).toBe('Reused the existing 6 vectors (64 values each)')
    expect(await page.getByTestId('feature-set').count()).toBe(2)
    expect(await row('pixels').count()).toBe(1)
    await snapshot(page, SPEC, '03-reused')
  })

  it('explains a post-processing step it does not know, and computes nothing', async () => {
    const jobs = await page.locator('[data-testid^="job-"]').count()
    await page.getByTestId('features-post').fill('zscore,pcb=3')
    await page.getByTestId('features-submit').click()
    await expect.poll(() => page.getByTestId('features-error').isVisible()).toBe(true)
    expect(await page.getByTestId('features-error').innerText()).toMatch(/Unknown post-processing step 'pcb'/)
    expect(await page.locator('[data-testid^="job-"]').count()).toBe(jobs)
    expect(await page.getByTestId('feature-set').count()).toBe(2)
    await snapshot(page, SPEC, '04-bad-post')
    // Editing the field takes the stale error away.
    await page.getByTestId('features-post').fill('')
    expect(await page.getByTestId('features-error').count()).toBe(0)
  })

  it('removes a set only on a confirming second click', async () => {
    const remove = row('pixels').getByTestId('feature-set-remove')
    await remove.click()
    expect(await remove.innerText()).toBe('Click to confirm')
    // Left alone, the button disarms itself and nothing is removed.
    await expect.poll(() => remove.innerText(), { timeout: 8_000 }).toBe('Remove')
    expect(await row('pixels').count()).toBe(1)

    await remove.click()
    await remove.click()
    await expect.poll(() => row('pixels').count()).toBe(0)
    expect(await row('hog').count()).toBe(1)
    expect(await page.getByTestId('features-count').innerText()).toBe('1')
    // Gone on the engine's side too, not only from the table.
    await page.reload()
    await page.getByTestId('features-toggle').click()
    await expect.poll(() => page.getByTestId('feature-set').count()).toBe(1)
    expect(await row('hog').count()).toBe(1)
    await snapshot(page, SPEC, '05-removed')
  })
})
