import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { openApp, startImport, snapshot, type AppUnderTest, type Served } from './helpers/app'
import { noiseImage, writeBrokenFixtures, writeBytes } from '../src/main/test-support/fixtures'

const SPEC = 'import'
let app: AppUnderTest
let dir: string
let photos: string
let big: string
let server: Served
let page: Page

const text = async (testId: string): Promise<string> => (await page.getByTestId(testId).first().innerText()).trim()

beforeAll(async () => {
  app = await openApp('likeness-e2e-', { width: 1400, height: 1300 }, async (root) => {
    dir = root
    photos = join(dir, 'photos')
    for (const [g, group] of ['cats', 'dogs', 'birds'].entries()) {
      for (let i = 0; i < 4; i++) writeBytes(join(photos, group, `${group}-${i}.png`), await noiseImage(40, 30, 10 * g + i).png().toBuffer())
    }
    await writeBrokenFixtures(photos) // 6 files: 1 partial, 3 unreadable, 2 with odd names
    big = join(dir, 'big')
    // Photo-sized JPEGs, each a few milliseconds of decoding: the import is still reading when the
    // cancel comes (small PNGs take the fast decoder and 1,500 of them finish in about a second).
    for (let i = 0; i < 400; i++) writeBytes(join(big, `g${i % 3}`, `${i}.jpg`), await noiseImage(640, 480, i).jpeg({ quality: 70 }).toBuffer())
  })
  ;({ server, page } = app)
})

afterAll(() => app?.close())

describe('importing folders in the browser against likeness serve', () => {
  it('starts on an empty library with a clear first step', async () => {
    await page.goto(server.url)
    await expect.poll(() => page.getByTestId('empty-state').isVisible()).toBe(true)
    await snapshot(page, SPEC, '01-empty')
  })

  it('explains a folder that does not exist', async () => {
    await startImport(page, join(dir, 'no-such-folder'))
    await expect.poll(() => page.getByTestId('import-error').isVisible()).toBe(true)
    expect(await text('import-error')).toMatch(/Folder or file not found/)
  })

  it('imports a folder: the right count of thumbnails and an error badge on every unreadable file', async () => {
    await startImport(page, photos)
    await expect.poll(() => page.locator('[data-testid^="job-"][data-state="done"]').count(), { timeout: 60_000 }).toBe(1)
    await expect.poll(() => text('count-items'), { timeout: 10_000 }).toBe('18')
    expect(await text('count-errors')).toBe('3')
    expect(await text('count-duplicates')).toBe('0')
    await expect.poll(() => page.getByTestId('thumb').count()).toBe(18)
    expect(await page.getByTestId('group-header').count()).toBe(5)
    expect(await page.getByTestId('error-badge').count()).toBe(3)
    expect(await page.locator('[data-testid="thumb"][data-status="partial"]').count()).toBe(1)
    const reasons = await page.locator('[data-testid="thumb"][data-status="error"]').allInnerTexts()
    expect(reasons.join('\n')).toMatch(/Empty file/)
    expect(reasons.join('\n')).toMatch(/Not an image/)
    expect(reasons.join('\n')).toMatch(/too large/)
    // Thumbnails really arrive through the app's own route.
    const img = page.locator('[data-testid="thumb"][data-status="ok"] img').first()
    await expect.poll(() => img.evaluate((el) => (el as HTMLImageElement).naturalWidth)).toBeGreaterThan(0)
    await snapshot(page, SPEC, '02-imported')
  })

  it('cancels a running import within a second and keeps what it finished', async () => {
    await startImport(page, big)
    const job = page.locator('[data-testid^="job-"][data-state="running"]')
    await expect.poll(() => job.count(), { timeout: 30_000 }).toBe(1)
    await expect.poll(() => job.getByTestId('progress-phase').innerText(), { timeout: 60_000 }).toMatch(/Reading images/)
    await expect.poll(async () => Number((await job.getByTestId('progress-counts').innerText()).split('/')[0]?.replace(/\D/g, '') || 0), { timeout: 60_000 }).toBeGreaterThan(10)
    await snapshot(page, SPEC, '03-importing')
    await page.getByTestId('job-cancel').first().click()
    // How fast the cancel lands is measured by the import benchmark, not asserted here.
    await expect.poll(() => page.locator('[data-testid^="job-"][data-state="cancelled"]').count(), { timeout: 5_000 }).toBe(1)
    await expect.poll(async () => Number(await text('count-items'))).toBeGreaterThan(0)
    expect(Number(await text('count-items'))).toBeLessThan(400)
    await snapshot(page, SPEC, '04-cancelled')
  })

  it('still shows both datasets after a reload', async () => {
    await page.reload()
    await expect.poll(() => page.getByTestId('dataset-item').count()).toBe(2)
    await page.getByTestId('dataset-item').filter({ hasText: 'photos' }).click()
    await expect.poll(() => text('count-items')).toBe('18')
    await snapshot(page, SPEC, '05-reloaded')
  })

  it('refuses thumbnail requests that do not name an item, and calls without the token or cookie', async () => {
    const get = (path: string) => page.evaluate(async (p) => (await fetch(p)).status, path)
    expect(await get(`/thumb/..%2F..%2Fetc%2Fpasswd?token=${server.token}`)).toBe(404)
    expect(await get(`/thumb/999999?token=${server.token}`)).toBe(404)
    // The page's own requests carry its cookie; one from elsewhere carries neither that nor the token.
    expect(await get('/thumb/1')).toBe(200)
    expect((await fetch(new URL('/thumb/1', server.url))).status).toBe(403)
  })
})
