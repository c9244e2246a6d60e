import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import sharp from 'sharp'
import type { Browser, Locator, Page } from 'playwright-core'
import { artifactsDir, openApp, startImport, snapshot, type AppUnderTest, type Served } from './helpers/app'
import { clusterOfColour, drawn, hover, markerSpot } from './helpers/map'
import { writeBytes } from '../src/main/test-support/fixtures'
import { seededRandom } from '../src/main/engine/random'

const SPEC = 'clusters'
/** Three folders whose images differ in one thing HOG sees well: the direction of their stripes. */
const FOLDERS: [string, number][] = [
  ['horizontal', 90],
  ['vertical', 0],
  ['diagonal', 45]
]
const PER_FOLDER = 20
const TOTAL = FOLDERS.length * PER_FOLDER
const SEED = 7

let app: AppUnderTest
let dir: string
let photos: string
let server: Served
let browser: Browser
let page: Page

/** Stripes at `degrees` with a random period, phase and pixel noise, as a 64 × 64 RGB PNG. */
async function stripes(degrees: number, seed: number): Promise<Buffer> {
  const size = 64
  const rnd = seededRandom(seed)
  const period = 7 + rnd() * 5
  const phase = rnd() * 2 * Math.PI
  const angle = (degrees * Math.PI) / 180
  const pixels = Buffer.alloc(size * size * 3)
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const wave = Math.sin((2 * Math.PI * (x * Math.cos(angle) + y * Math.sin(angle))) / period + phase)
      const value = Math.max(0, Math.min(255, Math.round(128 + 95 * wave + (rnd() - 0.5) * 50)))
      pixels.fill(value, 3 * (y * size + x), 3 * (y * size + x) + 3)
    }
  }
  return sharp(pixels, { raw: { width: size, height: size, channels: 3 } }).png().toBuffer()
}

const attr = async (locator: Locator, name: string): Promise<string | null> => locator.getAttribute(name)
const scatter = (): Locator => page.getByTestId('scatter')
const points = async (): Promise<string | null> => attr(scatter(), 'data-points')
const entries = (legend: string): Locator => page.getByTestId(legend).getByTestId('legend-entry')

/** Cluster label → size, as the cluster cards show them. */
async function cardSizes(): Promise<Record<string, number>> {
  await page.getByTestId('room-clusters').click()
  await expect.poll(() => page.getByTestId('cluster-card').count()).toBeGreaterThan(0)
  const cards = await page.getByTestId('cluster-card').evaluateAll((els) =>
    els.map((el) => [el.getAttribute('data-label')!, Number(el.getAttribute('data-size'))] as const)
  )
  return Object.fromEntries(cards)
}

beforeAll(async () => {
  app = await openApp('likeness-e2e-', { width: 1500, height: 1000 }, async (root) => {
    dir = root
    photos = join(dir, 'stripes')
    for (const [g, [folder, degrees]] of FOLDERS.entries()) {
      for (let i = 0; i < PER_FOLDER; i++) writeBytes(join(photos, folder, `${folder}-${i}.png`), await stripes(degrees, 100 * g + i))
    }
  })
  ;({ server, browser, page } = app)
})

afterAll(() => app?.close())

describe('clustering a dataset in the browser against likeness serve', () => {
  it('imports three folders of stripes', async () => {
    await page.goto(server.url)
    await startImport(page, photos)
    await expect.poll(() => page.locator('[data-testid^="job-"][data-state="done"]').count(), { timeout: 60_000 }).toBe(1)
    await expect.poll(() => page.getByTestId('thumb').count()).toBeGreaterThan(0)
    await expect.poll(() => page.getByTestId('count-items').innerText()).toBe(String(TOTAL))
  })

  it('clusters with K-Means and k auto, showing each stage in the panel', async () => {
    await page.getByTestId('room-map').click()
    expect(await page.getByTestId('run-panel').isVisible()).toBe(true)
    expect(await page.getByTestId('no-run').innerText()).toMatch(/No runs yet/)
    const featureSet = page.getByTestId('run-feature-set')
    await expect.poll(() => featureSet.locator('option').count()).toBe(1)
    expect(await featureSet.locator('option').first().innerText()).toMatch(/^HOG/)

    await page.getByTestId('run-algo').selectOption('kmeans')
    await page.getByTestId('run-k').fill('auto')
    await page.getByTestId('run-seed').fill(String(SEED))
    // Every stage name the panel shows, however briefly.
    await page.evaluate(() => {
      const seen: string[] = []
      Object.assign(window, { seenStages: seen })
      new MutationObserver(() => {
        const text = document.querySelector('[data-testid="run-stage"]')?.textContent?.trim()
        if (text && seen.at(-1) !== text) seen.push(text)
      }).observe(document.body, { subtree: true, childList: true, characterData: true })
    })
    await page.getByTestId('run-start').click()
    await expect.poll(() => scatter().count(), { timeout: 120_000 }).toBe(1)
    const stages = await page.evaluate(() => (window as unknown as { seenStages: string[] }).seenStages)
    expect(stages.length).toBeGreaterThan(0)
    expect(await page.getByTestId('run-stage').count()).toBe(0)
    await expect.poll(points).toBe(String(TOTAL))
    await snapshot(page, SPEC, '01-map')
  })

  it('shows a legend of the clusters and one of the groups', async () => {
    const clusters = Number(await attr(scatter(), 'data-clusters'))
    expect(clusters).toBeGreaterThanOrEqual(2)
    expect(await entries('legend-clusters').count()).toBe(clusters)
    const groups = await entries('legend-groups').evaluateAll((els) => els.map((el) => el.getAttribute('data-label')))
    expect(groups).toEqual(['diagonal', 'horizontal', 'vertical'])
    // The folders are known, so the run is scored against them.
    // The stripes' directions are what HOG sees best: each folder becomes its own cluster (ACC 1.000
    // when measured); a run that mixed them up, or scored them wrongly, falls below 0.9.
    const acc = await page.getByTestId('run-acc').innerText()
    expect(acc).toMatch(/^[01]\.\d{3}$/)
    expect(Number(acc)).toBeGreaterThanOrEqual(0.9)
    expect(await page.getByTestId('run-nmi').innerText()).toMatch(/^[01]\.\d{3}$/)
    // k was left to "auto": the panel shows the silhouette of each k it tried.
    await page.getByTestId('choice-k').scrollIntoViewIfNeeded()
    expect(await page.getByTestId('choice-k').isVisible()).toBe(true)
    await snapshot(page, SPEC, '01b-run-result')
  })

  it('hides a legend entry on click and shows one alone on alt-click', async () => {
    const first = entries('legend-clusters').first()
    const size = Number(await first.locator('.count').innerText())
    await first.locator('button').first().click()
    expect(await first.getAttribute('data-hidden')).toBe('true')
    await expect.poll(points).toBe(String(TOTAL - size))
    await first.locator('button').first().click()
    await expect.poll(points).toBe(String(TOTAL))

    const vertical = page.getByTestId('legend-groups').locator('[data-testid="legend-entry"][data-label="vertical"]')
    await vertical.locator('button').first().click({ modifiers: ['Alt'] })
    await expect.poll(points).toBe(String(PER_FOLDER))
    expect(await page.getByTestId('legend-groups').locator('[data-hidden="true"]').count()).toBe(2)
    await snapshot(page, SPEC, '02-one-group')
    await vertical.locator('button').first().click({ modifiers: ['Alt'] })
    await expect.poll(points).toBe(String(TOTAL))
  })

  it('shows the thumbnail and file name of the point under the pointer', async () => {
    // With the first cluster hidden, so the tooltip must find the points of the others without it.
    const first = entries('legend-clusters').first().locator('button').first()
    await first.click()
    await expect.poll(points).not.toBe(String(TOTAL))
    await drawn(page)
    const spot = await markerSpot(page)
    const tip = page.getByTestId('scatter-tooltip')
    await hover(page, spot)
    expect(await tip.isVisible()).toBe(true)
    // The tooltip describes the point under the pointer: its cluster is the one of the marker's colour.
    expect(await tip.innerText()).toContain(`${await clusterOfColour(page, spot.rgb)} · `)
    expect(await tip.locator('img').getAttribute('src')).toMatch(/^\/thumb\/\d+$/)
    await expect.poll(() => tip.locator('img').evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBeGreaterThan(0)
    expect(await tip.innerText()).toMatch(/(horizontal|vertical|diagonal)-\d+\.png/)
    await snapshot(page, SPEC, '03-tooltip')
    await page.mouse.move(5, 5)
    await first.click()
    await expect.poll(points).toBe(String(TOTAL))
  })

  it('selects points with the rectangle and the lasso and shows them below the map', async () => {
    const box = (await scatter().boundingBox())!
    const left = box.x + 16
    const top = box.y + 16
    const right = box.x + box.width - 16
    const bottom = box.y + box.height - 16

    await page.getByTestId('brush-rect').click()
    await page.mouse.move(left, top)
    await page.mouse.down()
    await page.mouse.move(right, bottom, { steps: 8 })
    await page.mouse.up()
    const gallery = page.getByTestId('selection-gallery')
    await expect.poll(() => attr(gallery, 'data-count')).toBe(String(TOTAL))
    await expect.poll(() => gallery.getByTestId('thumb').count()).toBeGreaterThan(0)
    await page.getByTestId('selection-clear').click()
    expect(await gallery.count()).toBe(0)

    // A lasso around the left half only: fewer points than all, but some.
    const middle = (left + right) / 2
    await page.getByTestId('brush-lasso').click()
    await page.mouse.move(left, top)
    await page.mouse.down()
    for (const [x, y] of [[middle, top], [middle, bottom], [left, bottom], [left, top + 4]] as const) {
      await page.mouse.move(x, y, { steps: 6 })
    }
    await page.mouse.up()
    await expect.poll(() => gallery.count()).toBe(1)
    const lassoed = Number(await attr(gallery, 'data-count'))
    expect(lassoed).toBeGreaterThan(0)
    expect(lassoed).toBeLessThan(TOTAL)
    expect(await page.getByTestId('selection-count').innerText()).toBe(`${lassoed} points selected`)
    await snapshot(page, SPEC, '04-lasso')
    await page.getByTestId('selection-clear').click()
    await page.getByTestId('brush-pan').click()
  })

  it('opens a gallery of every member of a cluster', async () => {
    const sizes = await cardSizes()
    expect(Object.keys(sizes)).toHaveLength(Number(await page.getByTestId('cluster-card').count()))
    expect(Object.values(sizes).reduce((a, b) => a + b, 0)).toBe(TOTAL)
    await snapshot(page, SPEC, '05-cards')

    const card = page.getByTestId('cluster-card').first()
    const size = await attr(card, 'data-size')
    await card.click()
    const gallery = page.getByTestId('cluster-gallery')
    expect(await gallery.isVisible()).toBe(true)
    expect(await attr(gallery, 'data-count')).toBe(size)
    await expect.poll(() => gallery.getByTestId('thumb').count()).toBeGreaterThan(0)
    await snapshot(page, SPEC, '06-cluster-gallery')
    await page.getByTestId('cluster-back').click()
    expect(await page.getByTestId('cluster-card').count()).toBeGreaterThan(1)
  })

  it('lists the run in the history and reopens it exactly after a reload', async () => {
    await page.getByTestId('room-map').click()
    const clusters = await attr(scatter(), 'data-clusters')
    const sizes = await cardSizes()
    await page.getByTestId('room-history').click()
    await expect.poll(() => page.getByTestId('history-row').count()).toBe(1)
    const acc = await page.getByTestId('history-acc').innerText()
    expect(acc).toMatch(/^[01]\.\d{3}$/)
    expect(Number(acc)).toBeGreaterThanOrEqual(0.9)
    await snapshot(page, SPEC, '07-history')

    // A fresh start, without the address that names the run (a reload reopens it: see shell.spec).
    await page.goto('about:blank')
    await page.goto(app.server.url)
    await page.getByTestId('room-map').click()
    await expect.poll(() => page.getByTestId('no-run').isVisible()).toBe(true)
    // The panel starts from the defaults again, not from the run.
    await expect.poll(() => page.getByTestId('run-seed').inputValue()).not.toBe(String(SEED))

    await page.getByTestId('room-history').click()
    await page.getByTestId('history-open').click()
    await expect.poll(() => scatter().count()).toBe(1)
    expect(await page.getByTestId('room-map').getAttribute('aria-current')).toBe('page')
    await expect.poll(points).toBe(String(TOTAL))
    expect(await attr(scatter(), 'data-clusters')).toBe(clusters)
    expect(await page.getByTestId('run-seed').inputValue()).toBe(String(SEED))
    expect(await page.getByTestId('run-k').inputValue()).toBe('auto')
    expect(await page.getByTestId('run-algo').inputValue()).toBe('kmeans')
    expect(await cardSizes()).toEqual(sizes)
  })

  it('exports an HTML report that opens with the network cut off', async () => {
    await page.getByTestId('room-history').click()
    expect(await page.getByTestId('report-pdf').count()).toBe(0)
    const acc = await page.getByTestId('history-acc').innerText()
    const nmi = await page.getByTestId('history-nmi').innerText()
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('report-html').click()])
    expect(download.suggestedFilename()).toMatch(/^likeness-stripes-run-\d+\.html$/)
    const saved = join(artifactsDir, SPEC, download.suggestedFilename())
    mkdirSync(join(artifactsDir, SPEC), { recursive: true })
    await download.saveAs(saved)
    expect(readFileSync(saved, 'utf8')).toMatch(/^<!doctype html>/)
    expect(await page.getByTestId('report-note').innerText()).toMatch(/Saved likeness-stripes-run-\d+\.html/)

    const context = await browser.newContext()
    const fileUrl = pathToFileURL(saved).href
    const attempted: string[] = []
    context.on('request', (request) => attempted.push(request.url()))
    await context.route('**/*', (route) => (route.request().url().startsWith('file:') ? route.continue() : route.abort()))
    const report = await context.newPage()
    await report.goto(fileUrl)
    const text = await report.locator('body').innerText()
    expect(text).toMatch(new RegExp(`ACC \\(groups\\)\\s+${acc.replace('.', '\\.')}`))
    expect(text).toMatch(new RegExp(`NMI \\(groups\\)\\s+${nmi.replace('.', '\\.')}`))
    const plot = report.locator('img[src^="data:image/png;base64,"]').first()
    await expect.poll(() => plot.evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBeGreaterThan(0)
    expect(attempted.filter((url) => url !== fileUrl && !url.startsWith('data:'))).toEqual([])
    await snapshot(report, SPEC, '08-report')
    await context.close()
  })

  it('deletes a run only on a confirming second click', async () => {
    const remove = page.getByTestId('history-delete')
    await remove.click()
    expect(await remove.innerText()).toBe('Click to confirm')
    expect(await page.getByTestId('history-row').count()).toBe(1)
    await remove.click()
    await expect.poll(() => page.getByTestId('history-row').count()).toBe(0)
    expect(await page.getByTestId('history-empty').isVisible()).toBe(true)
    // It was the open run: the map lets go of it too.
    await page.getByTestId('room-map').click()
    expect(await page.getByTestId('no-run').isVisible()).toBe(true)
  })

  it('runs DBSCAN with eps auto and shows the k-distance curve it read eps from', async () => {
    await page.getByTestId('run-algo').selectOption('dbscan')
    await page.getByTestId('run-eps').fill('auto')
    await page.getByTestId('run-min-samples').fill('5')
    await page.getByTestId('run-start').click()
    await expect.poll(() => scatter().count(), { timeout: 120_000 }).toBe(1)
    await expect.poll(points).toBe(String(TOTAL))
    await page.getByTestId('choice-eps').scrollIntoViewIfNeeded()
    expect(await page.getByTestId('choice-eps').isVisible()).toBe(true)
    expect(await page.getByTestId('choice-eps').innerText()).toMatch(/eps = \d+\.\d{3} at the knee/)
    await snapshot(page, SPEC, '09-dbscan')

    // Noise, if DBSCAN left any, is the last card and says so.
    const sizes = await cardSizes()
    expect(Object.values(sizes).reduce((a, b) => a + b, 0)).toBe(TOTAL)
    if ('-1' in sizes) expect(await page.getByTestId('cluster-card').last().innerText()).toMatch(/^Noise/)
    await page.getByTestId('room-history').click()
    await expect.poll(() => page.getByTestId('history-row').count()).toBe(1)
    expect(await page.getByTestId('history-row').innerText()).toMatch(/DBSCAN eps auto → \d+\.\d{3} · min samples 5/)
  })
})
