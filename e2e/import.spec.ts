import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { launchBrowser, serve, snapshot, type Served } from './helpers/app'
import { noiseImage, writeBrokenFixtures, writeBytes } from '../src/main/test-support/fixtures'

const SPEC = 'import'
let dir: string
let photos: string
let big: string
let server: Served
let browser: Browser
let page: Page

const text = async (testId: string): Promise<string> => (await page.getByTestId(testId).first().innerText()).trim()

async function importPath(path: string): Promise<void> {
  await page.getByTestId('import-path').fill(path)
  await page.getByTestId('import-submit').click()
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'likeness-e2e-'))
  photos = join(dir, 'photos')
  for (const [g, group] of ['cats', 'dogs', 'birds'].entries()) {
    for (let i = 0; i < 4; i++) writeBytes(join(photos, group, `${group}-${i}.png`), await noiseImage(40, 30, 10 * g + i).png().toBuffer())
  }
  await writeBrokenFixtures(photos) // 6 files: 1 partial, 3 unreadable, 2 with odd names
  big = join(dir, 'big')
  for (let i = 0; i < 1500; i++) writeBytes(join(big, `g${i % 3}`, `${i}.png`), await noiseImage(96, 96, i).png().toBuffer())
  server = await serve(join(dir, 'library', 'library.sqlite'))
  browser = await launchBrowser()
  page = await browser.newPage({ viewport: { width: 1400, height: 1300 } })
})

afterAll(async () => {
  await browser?.close()
  await server?.stop()
  rmSync(dir, { recursive: true, force: true })
})

describe('importing folders in the browser against likeness serve', () => {
  it('starts on an empty library with a clear first step', async () => {
    await page.goto(server.url)
    await expect.poll(() => page.getByTestId('empty-state').isVisible()).toBe(true)
    await snapshot(page, SPEC, '01-empty')
  })

  it('explains a folder that does not exist', async () => {
    await importPath(join(dir, 'no-such-folder'))
    await expect.poll(() => page.getByTestId('import-error').isVisible()).toBe(true)
    expect(await text('import-error')).toMatch(/Folder or file not found/)
  })

  it('imports a folder: the right count of thumbnails and an error badge on every unreadable file', async () => {
    await importPath(photos)
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
    await importPath(big)
    const job = page.locator('[data-testid^="job-"][data-state="running"]')
    await expect.poll(() => job.count(), { timeout: 30_000 }).toBe(1)
    await expect.poll(() => job.getByTestId('progress-phase').innerText(), { timeout: 60_000 }).toMatch(/Reading images/)
    await expect.poll(async () => Number((await job.getByTestId('progress-counts').innerText()).split('/')[0]?.replace(/\D/g, '') || 0), { timeout: 60_000 }).toBeGreaterThan(10)
    await snapshot(page, SPEC, '03-importing')
    const clicked = Date.now()
    await page.getByTestId('job-cancel').first().click()
    await expect.poll(() => page.locator('[data-testid^="job-"][data-state="cancelled"]').count(), { timeout: 5_000 }).toBe(1)
    expect(Date.now() - clicked).toBeLessThan(2000) // one second for the job, plus the round trip to the page
    await expect.poll(async () => Number(await text('count-items'))).toBeGreaterThan(0)
    expect(Number(await text('count-items'))).toBeLessThan(1500)
    await snapshot(page, SPEC, '04-cancelled')
  })

  it('still shows both datasets after a reload', async () => {
    await page.reload()
    await expect.poll(() => page.getByTestId('dataset-item').count()).toBe(2)
    await page.getByTestId('dataset-item').filter({ hasText: 'photos' }).click()
    await expect.poll(() => text('count-items')).toBe('18')
    await snapshot(page, SPEC, '05-reloaded')
  })

  it('refuses thumbnail requests that do not name an item, and calls without the token', async () => {
    const get = (path: string) => page.evaluate(async (p) => (await fetch(p)).status, path)
    expect(await get(`/thumb/..%2F..%2Fetc%2Fpasswd?token=${server.token}`)).toBe(404)
    expect(await get(`/thumb/999999?token=${server.token}`)).toBe(404)
    expect(await get('/thumb/1')).toBe(403)
  })
})
