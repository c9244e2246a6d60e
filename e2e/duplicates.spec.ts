import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { openApp, startImport, snapshot, type AppUnderTest } from './helpers/app'
import { writePlantedFolder, type PlantedFolder } from '../src/main/app/duplicates-test-support'

const SPEC = 'duplicates'

let app: AppUnderTest
let page: Page
let pictures: string
let planted: PlantedFolder

beforeAll(async () => {
  app = await openApp('likeness-e2e-duplicates-', { width: 1300, height: 900 }, async (root) => {
    pictures = join(root, 'pictures')
    planted = await writePlantedFolder(pictures)
  })
  page = app.page
})

afterAll(() => app?.close())

describe('near duplicates of an imported folder', () => {
  it('imports the folder and opens the Near duplicates view, which invites a first search', async () => {
    await page.goto(app.server.url)
    await startImport(page, pictures)
    await expect.poll(() => page.locator('[data-testid^="job-"][data-state="done"]').count(), { timeout: 60_000 }).toBe(1)
    await page.getByTestId('room-duplicates').click()
    await expect.poll(() => page.getByTestId('duplicates-empty').count()).toBe(1)
    expect(await page.getByTestId('duplicates-threshold').inputValue()).toBe('22')
    await snapshot(page, SPEC, 'before-search')
  })

  it('finds the planted groups of near copies, and the exact copies in their own section', async () => {
    await page.getByTestId('duplicates-find').click()
    await expect.poll(() => page.getByTestId('duplicates-summary').count(), { timeout: 60_000 }).toBe(1)
    const groups = page.getByTestId('duplicate-group')
    expect(await groups.count()).toBe(planted.groups.length)
    const shown = await groups.evaluateAll((els) => els.map((el) => Array.from(el.querySelectorAll('img')).map((img) => img.getAttribute('alt')).sort()))
    expect(shown.sort()).toEqual(planted.groups.map((g) => [...g].sort()).sort())
    const exact = page.getByTestId('exact-copies').getByTestId('exact-group')
    expect(await exact.count()).toBe(1)
    expect(await exact.locator('img').evaluateAll((els) => els.map((el) => el.getAttribute('alt')).sort())).toEqual([...planted.exact].sort())
    // Thumbnails come from the app's protocol and load.
    await expect.poll(() => groups.first().locator('img').first().evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true)
    await snapshot(page, SPEC, 'groups')
  })

  it('opens a thumbnail in the image viewer, stepping through its group', async () => {
    const group = page.getByTestId('duplicate-group').first()
    const second = group.getByTestId('duplicate-thumb').nth(1)
    const name = (await second.locator('img').getAttribute('alt'))!.split('/').pop()!
    await second.click()
    await expect.poll(() => page.getByTestId('viewer').count()).toBe(1)
    expect(await page.getByTestId('viewer-name').innerText()).toBe(name)
    expect(await page.getByTestId('viewer-position').innerText()).toMatch(/2\D+3/)
    await snapshot(page, SPEC, 'viewer')
    await page.getByTestId('viewer-close').click()
  })

  it('shows the last search again after a reload', async () => {
    await page.reload()
    await expect.poll(() => page.getByTestId('duplicate-group').count(), { timeout: 30_000 }).toBe(planted.groups.length)
    await snapshot(page, SPEC, 'after-reload')
  })
})
