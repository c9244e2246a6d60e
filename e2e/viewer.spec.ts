import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { openApp, startImport, snapshot, type AppUnderTest } from './helpers/app'
import { noiseImage, writeBytes } from '../src/main/test-support/fixtures'
import { brushWholeMap } from './helpers/map'

const SPEC = 'viewer'
/** Ten cats, nine dogs and a TIFF scan: enough for a run with the default settings. */
const TOTAL = 20
let app: AppUnderTest
let page: Page
let photos: string

const text = async (testId: string): Promise<string> => (await page.getByTestId(testId).innerText()).trim()
const viewer = (): ReturnType<Page['getByTestId']> => page.getByTestId('viewer')
/** Natural width of the viewer's large image once it has loaded, else 0. */
const largeWidth = (): Promise<number> =>
  page.getByTestId('viewer-image').evaluate((img: HTMLImageElement) => (img.complete ? img.naturalWidth : 0))
/** Where the focus is: inside the dialog, on the grid (and which item's cell), or elsewhere. */
const focus = (): Promise<{ inDialog: boolean; inGrid: boolean; itemId: string | null }> =>
  page.evaluate(() => {
    const el = document.activeElement
    return {
      inDialog: el?.closest('[role="dialog"]') !== null,
      inGrid: el?.closest('[data-testid="thumb-grid"]') !== null,
      itemId: el?.closest('[data-item-id]')?.getAttribute('data-item-id') ?? null
    }
  })

beforeAll(async () => {
  app = await openApp('likeness-e2e-viewer-', { width: 1280, height: 860 }, async (root) => {
    photos = join(root, 'photos')
    // Larger than a thumbnail (256 px), so the viewer's image must be the large one to be this wide.
    for (let i = 0; i < 10; i++) writeBytes(join(photos, 'cats', `cat-${i}.png`), await noiseImage(320, 240, 10 + i).png().toBuffer())
    for (let i = 0; i < 9; i++) writeBytes(join(photos, 'dogs', `dog-${i}.jpg`), await noiseImage(480, 640, 20 + i).jpeg().toBuffer())
    // A browser cannot show a TIFF, and this one is larger than the viewer's 1600 pixels.
    writeBytes(join(photos, 'dogs', 'scan.tif'), await noiseImage(2400, 1600, 30).tiff().toBuffer())
  })
  page = app.page
})

afterAll(() => app?.close())

describe('the image viewer', () => {
  it('opens on a click on a thumbnail with the file name, dimensions and folder', async () => {
    await page.goto(app.server.url)
    await startImport(page, photos)
    await expect.poll(() => page.locator('[data-testid^="job-"][data-state="done"]').count(), { timeout: 60_000 }).toBe(1)
    await expect.poll(() => page.getByTestId('thumb').count()).toBe(TOTAL)
    expect(await viewer().count()).toBe(0)

    const first = page.getByTestId('thumb').first()
    expect(await first.locator('.name').innerText()).toBe('cat-0.png')
    await first.locator('button').click()
    await expect.poll(() => viewer().isVisible()).toBe(true)
    expect(await viewer().getAttribute('aria-modal')).toBe('true')
    expect(await text('viewer-name')).toBe('cat-0.png')
    expect(await text('viewer-position')).toBe(`1 of ${TOTAL} · All images`)
    await expect.poll(() => page.getByTestId('viewer-dimensions').count()).toBe(1)
    expect(await text('viewer-dimensions')).toBe('320 × 240 px')
    expect(await text('viewer-group')).toBe('cats')
    expect(await text('viewer-format')).toBe('PNG')
    expect(await text('viewer-path')).toBe(join(photos, 'cats', 'cat-0.png'))
    expect(await text('viewer-size')).toMatch(/^\d+(\.\d)? KB$/)
    // No run is open: no cluster to name.
    expect(await page.getByTestId('viewer-cluster').count()).toBe(0)
    expect((await focus()).inDialog).toBe(true)
  })

  it('shows the large image, not the thumbnail blown up', async () => {
    await expect.poll(largeWidth, { timeout: 30_000 }).toBe(320)
    const thumbWidth = await page
      .getByTestId('thumb')
      .first()
      .locator('img')
      .evaluate((img: HTMLImageElement) => img.naturalWidth)
    expect(thumbWidth).toBeGreaterThan(0)
    expect(await largeWidth()).toBeGreaterThan(thumbWidth)
    await snapshot(page, SPEC, 'viewer-open')
  })

  it('steps to the next image with →, and stops at the ends', async () => {
    expect(await page.getByTestId('viewer-prev').isDisabled()).toBe(true)
    await page.keyboard.press('ArrowRight')
    await expect.poll(() => text('viewer-name')).toBe('cat-1.png')
    expect(await text('viewer-position')).toBe(`2 of ${TOTAL} · All images`)
    await expect.poll(largeWidth, { timeout: 30_000 }).toBe(320)
    expect(await page.getByTestId('viewer-prev').isDisabled()).toBe(false)

    await page.keyboard.press('End')
    await expect.poll(() => text('viewer-name')).toBe('scan.tif')
    await expect.poll(() => text('viewer-dimensions').catch(() => '')).toBe('2400 × 1600 px')
    expect(await text('viewer-group')).toBe('dogs')
    expect(await text('viewer-format')).toBe('TIFF')
    // A TIFF the browser shows as a 1600-pixel preview.
    await expect.poll(largeWidth, { timeout: 30_000 }).toBe(1600)
    expect(await page.getByTestId('viewer-next').isDisabled()).toBe(true)
    await page.keyboard.press('ArrowRight')
    expect(await text('viewer-position')).toBe(`${TOTAL} of ${TOTAL} · All images`)
    await page.keyboard.press('ArrowLeft')
    await expect.poll(() => text('viewer-name')).toBe('dog-8.jpg')
    await page.keyboard.press('ArrowRight')
    await expect.poll(() => text('viewer-name')).toBe('scan.tif')
    await snapshot(page, SPEC, 'viewer-tiff')
  })

  it('keeps Tab inside the dialog', async () => {
    for (let i = 0; i < 6; i++) {
      await page.keyboard.press('Tab')
      expect((await focus()).inDialog, `after ${i + 1} Tab presses`).toBe(true)
    }
    await page.keyboard.press('Shift+Tab')
    expect((await focus()).inDialog).toBe(true)
  })

  it('closes on Esc and gives the focus back to the grid, on the image last shown', async () => {
    const shownId = await viewer().getAttribute('data-item-id')
    await page.keyboard.press('Escape')
    await expect.poll(() => viewer().count()).toBe(0)
    const where = await focus()
    expect(where.inGrid).toBe(true)
    expect(where.itemId).toBe(shownId)
    await snapshot(page, SPEC, 'viewer-closed')
  })

  it('opens from the keyboard and closes with its Close button', async () => {
    await page.keyboard.press('Enter')
    await expect.poll(() => viewer().isVisible()).toBe(true)
    expect(await text('viewer-name')).toBe('scan.tif')
    await page.getByTestId('viewer-close').click()
    await expect.poll(() => viewer().count()).toBe(0)
    expect((await focus()).inGrid).toBe(true)
  })

  it('serves large images only for known items, and only with the cookie or token', async () => {
    await page.getByTestId('thumb').first().locator('button').click()
    const src = (await page.getByTestId('viewer-image').getAttribute('src'))!
    // The page's cookie authorises it: no token in the URL.
    expect(src).toMatch(/^\/preview\/\d+$/)
    const status = (path: string): Promise<number> => page.evaluate(async (p) => (await fetch(p)).status, path)
    expect(await status(src)).toBe(200)
    expect(await status(src.replace(/\/preview\/\d+/, '/preview/999999'))).toBe(404)
    expect(await status(src.replace(/\/preview\/\d+/, '/preview/..%2F..%2Fetc%2Fpasswd'))).toBe(404)
    // From outside the page: no token, no cookie.
    expect((await fetch(new URL(src, app.server.url))).status).toBe(403)
    await page.keyboard.press('Escape')
  })

  it('opens from a cluster gallery, stepping through that cluster and naming it', async () => {
    await page.getByTestId('room-map').click()
    await page.getByTestId('run-start').click()
    await expect.poll(() => page.getByTestId('scatter').count(), { timeout: 120_000 }).toBe(1)
    await page.getByTestId('room-clusters').click()
    const card = page.getByTestId('cluster-card').first()
    const size = Number(await card.getAttribute('data-size'))
    await card.click()
    const gallery = page.getByTestId('cluster-gallery')
    await expect.poll(() => gallery.getByTestId('thumb').count()).toBe(size)
    const name = (await gallery.locator('.name').first().innerText()).trim()

    await gallery.getByTestId('thumb').first().locator('button').click()
    await expect.poll(() => viewer().isVisible()).toBe(true)
    expect(await text('viewer-position')).toBe(`1 of ${size} · ${name}`)
    await expect.poll(() => page.getByTestId('viewer-cluster').count()).toBe(1)
    expect(await text('viewer-cluster')).toBe(name)
    await page.keyboard.press('End')
    expect(await text('viewer-position')).toBe(`${size} of ${size} · ${name}`)
    await expect.poll(() => text('viewer-name')).toBe((await gallery.getByTestId('thumb').last().locator('.name').innerText()).trim())
    await snapshot(page, SPEC, 'viewer-cluster')
    await page.keyboard.press('Escape')
    await expect.poll(() => viewer().count()).toBe(0)
    expect((await focus()).inGrid).toBe(true)
  })

  it('opens from the selection below the map, stepping through the selection', async () => {
    await page.getByTestId('room-map').click()
    await brushWholeMap(page)
    const gallery = page.getByTestId('selection-gallery')
    await expect.poll(() => gallery.getAttribute('data-count')).toBe(String(TOTAL))
    await expect.poll(() => gallery.getByTestId('thumb').count()).toBeGreaterThan(0)
    await gallery.getByTestId('thumb').nth(1).locator('button').click()
    await expect.poll(() => viewer().isVisible()).toBe(true)
    expect(await text('viewer-position')).toBe(`2 of ${TOTAL} · Selected on the map`)
    await page.keyboard.press('ArrowLeft')
    expect(await text('viewer-position')).toBe(`1 of ${TOTAL} · Selected on the map`)
    await page.getByTestId('viewer-close').click()
    await expect.poll(() => viewer().count()).toBe(0)
    await page.getByTestId('selection-clear').click()
  })
})
