import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { artifactsDir, openApp, snapshot, startImport, type AppUnderTest } from './helpers/app'
import { writeBytes } from '../src/main/test-support/fixtures'
import { stripesPng } from './helpers/images'
import { brushWholeMap } from './helpers/map'

const SPEC = 'edits'
/** Three folders of stripes of clearly different widths: three groups the run finds. */
const GROUPS = [
  { name: 'thin', period: 3 },
  { name: 'medium', period: 8 },
  { name: 'wide', period: 16 }
]
const PER_GROUP = 6

let app: AppUnderTest
let page: Page
let photos: string

beforeAll(async () => {
  app = await openApp('likeness-e2e-edits-', { width: 1400, height: 900 }, async (root) => {
    photos = join(root, 'stripes')
    for (const g of GROUPS) {
      for (let i = 0; i < PER_GROUP; i++) writeBytes(join(photos, g.name, `${g.name}-${i}.png`), await stripesPng(g.period, 50 * g.period + i))
    }
  })
  page = app.page
})

afterAll(() => app?.close())

const cards = () => page.getByTestId('cluster-card')
const cardCount = (): Promise<number> => cards().count()
const status = (): Promise<string | null> => page.getByTestId('edit-status').getAttribute('data-status')
/** Label → [size, name] of every card. */
const cardList = (): Promise<string[][]> =>
  cards().evaluateAll((els) => els.map((el) => [el.getAttribute('data-label')!, el.getAttribute('data-size')!, el.getAttribute('data-name')!]))

describe('editing the clusters of a run', () => {
  let before: number

  it('imports three folders, runs, and shows the cluster cards with their editing controls', async () => {
    await page.goto(app.server.url)
    await startImport(page, photos)
    await expect.poll(() => page.locator('[data-testid^="job-"][data-state="done"]').count(), { timeout: 60_000 }).toBe(1)
    await page.getByTestId('room-map').click()
    await page.getByTestId('run-start').click()
    await expect.poll(() => page.getByTestId('scatter').count(), { timeout: 120_000 }).toBe(1)
    await page.getByTestId('room-clusters').click()
    await expect.poll(cardCount).toBeGreaterThan(1)
    before = await cardCount()
    expect(await page.getByTestId('edit-undo').isDisabled()).toBe(true)
    await snapshot(page, SPEC, '01-cards')
  })

  it('renames a cluster inline and says "saved" once the engine answered', async () => {
    const first = cards().first()
    await first.getByTestId('cluster-rename').click()
    await first.getByTestId('rename-name').fill('Thin or not')
    await snapshot(page, SPEC, '02-rename-form')
    await first.getByTestId('rename-save').click()
    await expect.poll(() => first.getAttribute('data-name')).toBe('Thin or not')
    expect(await first.getByTestId('cluster-name').innerText()).toBe('Thin or not')
    expect(await status()).toBe('saved')
    await snapshot(page, SPEC, '03-renamed')
  })

  it('merges two ticked clusters into the first, and undo and redo take it back and do it again', async () => {
    const [a, b] = (await cardList()).slice(0, 2)
    await cards().nth(0).getByTestId('cluster-select').check()
    await cards().nth(1).getByTestId('cluster-select').check()
    await snapshot(page, SPEC, '04-ticked')
    await page.getByTestId('edit-merge').click()
    await expect.poll(cardCount).toBe(before - 1)
    const merged = (await cardList()).find(([label]) => label === a![0])!
    expect(Number(merged[1])).toBe(Number(a![1]) + Number(b![1]))
    expect(merged[2]).toBe('Thin or not')
    await snapshot(page, SPEC, '05-merged')

    await page.getByTestId('edit-undo').click()
    await expect.poll(cardCount).toBe(before)
    expect((await cardList()).slice(0, 2)).toEqual([a, b])
    await snapshot(page, SPEC, '06-undone')

    // Redo from the keyboard, as the shortcut help lists it.
    await page.keyboard.press('Control+Shift+Z')
    await expect.poll(cardCount).toBe(before - 1)
    expect(await status()).toBe('saved')
    await page.getByTestId('edit-history-toggle').click()
    const entries = page.getByTestId('edit-entry')
    expect(await entries.allInnerTexts()).toEqual([`Named cluster ${Number(a![0]) + 1} “Thin or not”`, `Merged “Thin or not” and ${Number(b![0]) + 1} into “Thin or not”`])
    await snapshot(page, SPEC, '07-redone-history')
  })

  it('keeps the edits after a reload of the page', async () => {
    const shown = await cardList()
    await page.reload()
    await page.getByTestId('room-clusters').click()
    await expect.poll(cardCount).toBe(before - 1)
    expect(await cardList()).toEqual(shown)
    expect(await page.getByTestId('edit-undo').isDisabled()).toBe(false)
    await snapshot(page, SPEC, '08-after-reload')
  })

  it('exports the named cluster’s images as labels', async () => {
    const named = (await cardList()).find(([, , name]) => name === 'Thin or not')!
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('labels-export').click()])
    expect(download.suggestedFilename()).toBe('stripes-labels.csv')
    const saved = join(artifactsDir, SPEC, download.suggestedFilename())
    await download.saveAs(saved)
    const rows = readFileSync(saved, 'utf8').trim().split('\n')
    expect(rows[0]).toBe('file,label,source')
    expect(rows.slice(1)).toHaveLength(Number(named[1]))
    expect(rows.slice(1).every((r) => /^(thin|medium|wide)\/\w+-\d\.png,Thin or not,user$/.test(r))).toBe(true)
    await snapshot(page, SPEC, '09-exported')
  })

  it('moves images picked in a cluster gallery to another cluster, and undo puts them back', async () => {
    const shown = await cardList()
    const [from, to] = shown as [string[], string[]]
    await cards().nth(0).getByTestId('cluster-open').click()
    const gallery = page.getByTestId('cluster-gallery')
    await gallery.getByTestId('gallery-pick').click()
    const tiles = gallery.getByTestId('pick-tile')
    await expect.poll(() => tiles.count()).toBe(Number(from[1]))
    await tiles.nth(0).click()
    await tiles.nth(1).click()
    await expect.poll(() => gallery.getByTestId('selection-actions').innerText()).toMatch(/^2 images selected in this cluster/)
    await snapshot(page, SPEC, '10-gallery-picked')
    await gallery.getByTestId('selection-move').selectOption(to[0]!)
    await expect.poll(() => gallery.getAttribute('data-count')).toBe(String(Number(from[1]) - 2))
    expect(await page.getByTestId('edit-status').getAttribute('data-status')).toBe('saved')
    await snapshot(page, SPEC, '11-gallery-moved')
    await gallery.getByTestId('cluster-back').click()
    expect((await cardList()).map(([label, size]) => [label, size])).toEqual([[from[0], String(Number(from[1]) - 2)], [to[0], String(Number(to[1]) + 2)]])
    await page.getByTestId('edit-undo').click()
    await expect.poll(cardList).toEqual(shown)
  })

  it('moves the images selected on the map to a cluster, and undo puts them back', async () => {
    const shown = await cardList()
    const named = shown.find(([, , name]) => name === 'Thin or not')!
    await page.getByTestId('room-map').click()
    await brushWholeMap(page)
    await page.getByTestId('room-clusters').click()
    const actions = page.getByTestId('selection-actions')
    await expect.poll(() => actions.innerText()).toMatch(/^18 images selected on the map/)
    await snapshot(page, SPEC, '12-selection-actions')
    await page.getByTestId('selection-move').selectOption(named[0]!)
    await expect.poll(cardCount).toBe(1)
    expect(await cardList()).toEqual([[named[0], '18', 'Thin or not']])
    expect(await actions.count()).toBe(0)
    await snapshot(page, SPEC, '13-moved')
    // Ctrl+Z from outside any field: the select that moved them is gone with the selection.
    await page.getByTestId('clusters-about').click()
    await page.keyboard.press('Control+z')
    await expect.poll(cardList).toEqual(shown)
  })

  it('splits a cluster in two and marks a cluster as outliers', async () => {
    const count = await cardCount()
    const named = cards().filter({ has: page.locator('[data-testid="cluster-name"]', { hasText: 'Thin or not' }) })
    await named.getByTestId('cluster-split').click()
    await named.getByTestId('split-k').selectOption('2')
    await named.getByTestId('split-save').click()
    await expect.poll(cardCount).toBe(count + 1)
    await snapshot(page, SPEC, '14-split')
    const last = cards().last()
    const size = await last.getAttribute('data-size')
    await last.getByTestId('cluster-outliers').click()
    await expect.poll(() => cards().last().getAttribute('data-label')).toBe('-1')
    expect(await cards().last().getAttribute('data-size')).toBe(size)
    expect(await cards().last().innerText()).toMatch(/^Noise/)
    await page.getByTestId('edit-history-toggle').click()
    expect((await page.getByTestId('edit-entry').allInnerTexts()).slice(-2)).toEqual([
      expect.stringMatching(/^Split “Thin or not” into “Thin or not” and \d+$/),
      `Marked ${size} images as outliers`
    ])
    await snapshot(page, SPEC, '15-outliers')
  })
})
