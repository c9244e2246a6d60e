import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { openApp, snapshot, startImport, type AppUnderTest } from './helpers/app'
import { stripesPng } from './helpers/images'
import { writeBytes } from '../src/main/test-support/fixtures'
import { SIMILAR_DEFAULT_K } from '../src/shared/types/similar'

const SPEC = 'similar'
/** Seven images of narrow stripes and seven of wide ones: each image's nearest are its own kind; 12 of 13 others are shown. */
const PER_KIND = 7
let app: AppUnderTest
let page: Page
let photos: string

const text = async (testId: string): Promise<string> => (await page.getByTestId(testId).innerText()).trim()

beforeAll(async () => {
  app = await openApp('likeness-e2e-similar-', { width: 1280, height: 860 }, async (root) => {
    photos = join(root, 'photos')
    for (let i = 0; i < PER_KIND; i++) {
      writeBytes(join(photos, 'narrow', `narrow-${i}.png`), await stripesPng(2, 10 + i))
      writeBytes(join(photos, 'wide', `wide-${i}.png`), await stripesPng(8, 40 + i))
    }
  })
  page = app.page
})

afterAll(() => app?.close())

describe('find similar in the viewer', () => {
  it('shows the most similar images, nearest first, with their distances', async () => {
    await page.goto(app.server.url)
    await startImport(page, photos)
    await expect.poll(() => page.locator('[data-testid^="job-"][data-state="done"]').count(), { timeout: 60_000 }).toBe(1)
    await expect.poll(() => page.getByTestId('thumb').count()).toBe(2 * PER_KIND)
    await page.getByTestId('thumb').first().locator('button').click()
    await expect.poll(() => page.getByTestId('viewer').isVisible()).toBe(true)
    expect(await text('viewer-name')).toBe('narrow-0.png')
    expect(await page.getByTestId('similar-gallery').count()).toBe(0)

    await page.getByTestId('similar-find').click()
    await expect.poll(() => page.getByTestId('similar-item').count(), { timeout: 30_000 }).toBe(SIMILAR_DEFAULT_K)
    expect(await text('similar-summary')).toMatch(/^12 nearest by exact search in feature set \d+/)
    const cells = page.getByTestId('similar-item')
    const titles = await cells.evaluateAll((els) => els.map((el) => el.getAttribute('title') ?? ''))
    // The image itself is left out; the other narrow stripes come before every wide one.
    expect(titles.some((t) => t.startsWith('narrow/narrow-0.png'))).toBe(false)
    for (const t of titles.slice(0, PER_KIND - 1)) expect(t).toMatch(/^narrow\//)
    for (const t of titles.slice(PER_KIND - 1)) expect(t).toMatch(/^wide\//)
    const distances = await cells.locator('.distance').allInnerTexts()
    const values = distances.map(Number)
    expect(values).toEqual([...values].sort((a, b) => a - b))
    await expect.poll(() => cells.first().locator('img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true)
    await snapshot(page, SPEC, 'similar-gallery')
  })

  it('opens a similar image in the viewer on a click, among the similar ones', async () => {
    const first = page.getByTestId('similar-item').first()
    const name = (await first.getAttribute('title'))!.split(' ')[0]!.split('/')[1]!
    await first.click()
    await expect.poll(() => text('viewer-name')).toBe(name)
    expect(await text('viewer-position')).toBe(`1 of ${SIMILAR_DEFAULT_K} · Similar to narrow-0.png`)
    // The gallery belonged to the image before: it is gone until asked for again.
    expect(await page.getByTestId('similar-gallery').count()).toBe(0)
    await snapshot(page, SPEC, 'similar-opened')
  })
})
