import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import sharp from 'sharp'
import type { Page } from 'playwright-core'
import { openApp, serve, startImport, snapshot, type AppUnderTest } from './helpers/app'
import { writeBytes } from '../src/main/test-support/fixtures'

const SPEC = 'connection'
const COUNT = 6

let app: AppUnderTest
let page: Page
let photos: string
let more: string
let third: string

async function square(shade: number): Promise<Buffer> {
  return sharp({ create: { width: 24, height: 24, channels: 3, background: { r: shade, g: 255 - shade, b: 90 } } }).png().toBuffer()
}

/** The src of every thumbnail shown, once each has loaded. */
async function loadedThumbs(count = COUNT): Promise<string[]> {
  const images = page.getByTestId('thumb').locator('img')
  await expect.poll(() => images.count(), { timeout: 60_000 }).toBe(count)
  await expect
    .poll(() => images.evaluateAll((els) => els.every((el) => (el as HTMLImageElement).complete && (el as HTMLImageElement).naturalWidth > 0)))
    .toBe(true)
  return images.evaluateAll((els) => els.map((el) => (el as HTMLImageElement).src))
}

beforeAll(async () => {
  app = await openApp('likeness-e2e-connection-', { width: 1200, height: 800 }, async (root) => {
    photos = join(root, 'squares')
    more = join(root, 'more')
    third = join(root, 'third')
    for (let i = 0; i < COUNT; i++) writeBytes(join(photos, `square-${i}.png`), await square(40 * i))
    for (let i = 0; i < 2; i++) writeBytes(join(more, `more-${i}.png`), await square(20 + 100 * i))
    for (let i = 0; i < 2; i++) writeBytes(join(third, `third-${i}.png`), await square(70 + 100 * i))
  })
  page = app.page
})

afterAll(() => app?.close())

describe('the access token and a restarted engine', () => {
  it('takes the token out of the address bar and out of the thumbnail URLs', async () => {
    await page.goto(app.server.url)
    await startImport(page, photos)
    await expect.poll(() => page.locator('[data-testid^="job-"][data-state="done"]').count(), { timeout: 60_000 }).toBe(1)
    expect(page.url()).toMatch(new RegExp(`^${app.server.origin}/`))
    expect(page.url()).not.toContain('token=')
    const sources = await loadedThumbs()
    for (const src of sources) {
      expect(src).toMatch(new RegExp(`^${app.server.origin}/thumb/\\d+$`))
      expect(src).not.toContain(app.server.token)
    }
    // The cookie that authorises them cannot be read by the page's scripts.
    expect(await page.evaluate(() => document.cookie)).toBe('')
    await snapshot(page, SPEC, '01-no-token-in-address')
  })

  it('still shows the dataset after a reload, with the cookie alone', async () => {
    await page.reload()
    expect(page.url()).not.toContain('token=')
    await expect.poll(() => page.getByTestId('dataset-name').count()).toBe(1)
    expect(await loadedThumbs()).toHaveLength(COUNT)
    await snapshot(page, SPEC, '02-reloaded')
  })

  it('reconnects by itself when the engine restarts on the same library', async () => {
    const before = app.server
    await before.stop()
    await expect.poll(() => page.getByTestId('connection-lost').count()).toBe(1)
    expect(await page.getByTestId('connection-lost').innerText()).toContain('Trying to reconnect')
    app.server = await serve(app.dbPath)
    expect(app.server.url).toBe(before.url)
    await expect.poll(() => page.getByTestId('connection-lost').count(), { timeout: 30_000 }).toBe(0)
    expect(await page.getByTestId('connection-stopped').count()).toBe(0)
    // The open tab works without a reload: a new import goes through and lists a second dataset.
    await startImport(page, more)
    await expect.poll(() => page.getByTestId('dataset-item').count(), { timeout: 60_000 }).toBe(2)
    expect(await loadedThumbs(2)).toHaveLength(2)
    expect(page.url()).not.toContain('token=')
    await snapshot(page, SPEC, '03-reconnected')
  })

  it('tells the user to open the new address when the engine comes back with another token', async () => {
    const before = app.server
    await before.stop()
    app.server = await serve(app.dbPath, { newToken: true })
    expect(app.server.origin).toBe(before.origin)
    expect(app.server.token).not.toBe(before.token)
    const banner = page.getByTestId('connection-stopped')
    await expect.poll(() => banner.count(), { timeout: 30_000 }).toBe(1)
    expect(await banner.innerText()).toContain('The engine stopped or restarted with a new address. Open the address that likeness serve printed.')
    expect(await page.getByTestId('connection-retry').isVisible()).toBe(true)
    await snapshot(page, SPEC, '04-new-address')
    // The newly printed address opens the library again.
    await page.goto(app.server.url)
    await expect.poll(() => page.getByTestId('dataset-item').count(), { timeout: 30_000 }).toBe(2)
    expect(await banner.count()).toBe(0)
  })

  it('stops retrying an engine that stays away, and connects again on "Try again"', async () => {
    const before = app.server
    await before.stop()
    const banner = page.getByTestId('connection-stopped')
    await expect.poll(() => banner.count(), { timeout: 60_000 }).toBe(1)
    await snapshot(page, SPEC, '05-engine-stopped')
    app.server = await serve(app.dbPath)
    expect(app.server.url).toBe(before.url)
    await page.getByTestId('connection-retry').click()
    await expect.poll(() => page.locator('[data-testid^="connection-"]').count(), { timeout: 30_000 }).toBe(0)
    await startImport(page, third)
    await expect.poll(() => page.getByTestId('dataset-item').count(), { timeout: 60_000 }).toBe(3)
    expect(await loadedThumbs(2)).toHaveLength(2)
    await snapshot(page, SPEC, '06-connected-again')
  })
})
