import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import type { Locator, Page } from 'playwright-core'
import { openApp, startImport, snapshot, type AppUnderTest } from './helpers/app'
import { stripesPng } from './helpers/images'
import { writeBytes } from '../src/main/test-support/fixtures'

const SPEC = 'models-compare'
// Two folders of 20 stripes: a tenth of each is held out, so the validation pairs have both kinds.
const PERIODS = { narrow: 2, wide: 6 } as const
const PER_GROUP = 20
const SIDE = 16

let app: AppUnderTest
let page: Page
let photos: string
let outside: string

const learn = (): Locator => page.getByTestId('learn-section')
const siamese = (): Locator => page.locator('[data-testid="model"][data-kind="siamese"]')

beforeAll(async () => {
  app = await openApp('likeness-e2e-models-compare-', { width: 1400, height: 1300 }, async (root) => {
    photos = join(root, 'stripes')
    for (const [group, period] of Object.entries(PERIODS)) {
      for (let i = 0; i < PER_GROUP; i++) writeBytes(join(photos, group, `${group}-${i}.png`), await stripesPng(period, period * 100 + i, SIDE))
    }
    // The same pixels as wide/wide-4.png, kept outside the imported folder.
    outside = join(root, 'elsewhere', 'found on the web.png')
    writeBytes(outside, await stripesPng(PERIODS.wide, PERIODS.wide * 100 + 4, SIDE))
  })
  page = app.page
})

afterAll(() => app?.close())

describe('comparing an image from outside the dataset with a trained model', () => {
  it('trains a Siamese network and shows the histogram of its validation distances under the compare tool', async () => {
    await page.goto(app.server.url)
    await startImport(page, photos)
    await expect.poll(() => page.locator('[data-testid^="job-"][data-state="done"]').count(), { timeout: 60_000 }).toBe(1)
    await page.getByTestId('features-toggle').click()
    await expect.poll(() => learn().getByTestId('models-backend-line').count(), { timeout: 60_000 }).toBe(1)
    await learn().getByTestId('learn-siamese-tab').click()
    await learn().getByTestId('siamese-epochs').fill('3')
    await learn().getByTestId('models-backend').selectOption('cpu')
    await learn().getByTestId('siamese-submit').click()
    await expect.poll(() => siamese().getAttribute('data-state'), { timeout: 240_000 }).toBe('ready')
    await siamese().getByTestId('model-details').click()
    const histogram = page.getByTestId('compare-tool').getByTestId('score-histogram')
    await expect.poll(() => histogram.count(), { timeout: 30_000 }).toBe(1)
    expect(await histogram.getAttribute('data-bins')).toBe('30')
    expect(Number(await histogram.getAttribute('data-pairs'))).toBeGreaterThan(0)
    expect(await histogram.innerText()).toMatch(/same group: \d+ pairs[\s\S]*different groups: \d+ pairs[\s\S]*threshold/)
    await histogram.scrollIntoViewIfNeeded()
    await snapshot(page, SPEC, '01-histogram')
  })

  it('finds the items nearest to an image file typed by its path: its twin first, with thumbnails and the verdict', async () => {
    const tool = page.getByTestId('compare-tool')
    await tool.getByTestId('compare-mode-outside').click()
    expect(await tool.getByTestId('compare-mode-outside').getAttribute('aria-pressed')).toBe('true')
    await tool.getByTestId('nearest-path').fill(outside)
    await tool.getByTestId('nearest-submit').click()
    const items = tool.getByTestId('nearest-item')
    await expect.poll(() => items.count(), { timeout: 60_000 }).toBe(12)
    expect(await items.first().getAttribute('data-path')).toBe('wide/wide-4.png')
    expect(Number(await items.first().getAttribute('data-similarity'))).toBeGreaterThan(0)
    expect(await tool.getByTestId('nearest-verdict').innerText()).toMatch(/^Nearest: wide\/wide-4\.png\. Similar: distance (0\.000|\d\.\d\de-\d+), within the threshold [\d.]+ .*\d+ of these 12 lie within the threshold\./)
    // The thumbnails come from the app's own server, by item id.
    await expect.poll(() => items.first().locator('img').evaluate((img) => (img as HTMLImageElement).naturalWidth), { timeout: 30_000 }).toBeGreaterThan(0)
    await tool.scrollIntoViewIfNeeded()
    await snapshot(page, SPEC, '02-nearest-gallery')
  })

  it('says what to do when the path is a folder or does not exist', async () => {
    const tool = page.getByTestId('compare-tool')
    await tool.getByTestId('nearest-path').fill(photos)
    await tool.getByTestId('nearest-submit').click()
    await expect.poll(() => tool.getByTestId('nearest-error').count(), { timeout: 30_000 }).toBe(1)
    expect(await tool.getByTestId('nearest-error').innerText()).toMatch(/stripes is a folder: give the path of one image file in it/)
    expect(await tool.getByTestId('nearest-item').count()).toBe(0)
    await tool.getByTestId('nearest-path').fill(join(photos, 'missing.png'))
    await tool.getByTestId('nearest-submit').click()
    await expect.poll(() => tool.getByTestId('nearest-error').innerText(), { timeout: 30_000 }).toMatch(/There is no file .*missing\.png: check the path/)
    await snapshot(page, SPEC, '03-nearest-error')
  })
})
