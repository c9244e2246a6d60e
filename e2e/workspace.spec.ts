import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { openApp, startImport, snapshot, type AppUnderTest } from './helpers/app'
import { clusterOfColour, drawn, hover, markerSpot } from './helpers/map'
import { writeBytes } from '../src/main/test-support/fixtures'
import { stripesPng } from './helpers/images'

const SPEC = 'workspace'
/** Ten folders, so the groups legend needs more than the seven shapes markers used to have. */
const GROUPS = Array.from({ length: 10 }, (_, g) => `g${g + 1}`)
const PER_GROUP = 4

let app: AppUnderTest
let page: Page
let photos: string


beforeAll(async () => {
  app = await openApp('likeness-e2e-workspace-', { width: 1400, height: 900 }, async (root) => {
    photos = join(root, 'folders')
    for (const [g, name] of GROUPS.entries()) {
      for (let i = 0; i < PER_GROUP; i++) writeBytes(join(photos, name, `${name}-${i}.png`), await stripesPng(3 + g, 100 * g + i))
    }
  })
  page = app.page
})

afterAll(() => app?.close())

describe('a dataset of ten folders in the workspace', () => {
  it('imports ten folders and runs with the defaults', async () => {
    await page.goto(app.server.url)
    await startImport(page, photos)
    await expect.poll(() => page.locator('[data-testid^="job-"][data-state="done"]').count(), { timeout: 60_000 }).toBe(1)
    await expect.poll(() => page.getByTestId('count-items').innerText()).toBe(String(GROUPS.length * PER_GROUP))
    await page.getByTestId('room-map').click()
    await page.getByTestId('run-start').click()
    await expect.poll(() => page.getByTestId('scatter').count(), { timeout: 120_000 }).toBe(1)
  })

  it('gives each of the ten groups its own marker, in natural order', async () => {
    const entries = page.getByTestId('legend-groups').getByTestId('legend-entry')
    await expect.poll(() => entries.count()).toBe(GROUPS.length)
    const shown = await entries.evaluateAll((els) => els.map((el) => [el.getAttribute('data-label'), el.getAttribute('data-marker')]))
    expect(shown.map(([label]) => label)).toEqual(GROUPS)
    const markers = shown.map(([, marker]) => marker)
    expect(markers.every((m) => m && /^\w+-(filled|outline)$/.test(m))).toBe(true)
    expect(new Set(markers).size).toBe(GROUPS.length)
    // Fourteen markers suffice for ten groups: no note of shared markers.
    expect(await page.getByTestId('legend-note').count()).toBe(0)
    await page.getByTestId('legend-groups').screenshot({ path: join(import.meta.dirname, 'artifacts', SPEC, 'legend-10-groups.png') })
    await snapshot(page, SPEC, 'map-10-groups')
  })

  it('names the folder of the point under the pointer as a folder', async () => {
    await drawn(page)
    const spot = await markerSpot(page)
    const tip = page.getByTestId('scatter-tooltip')
    await hover(page, spot)
    expect(await tip.isVisible()).toBe(true)
    const cluster = await clusterOfColour(page, spot.rgb)
    expect(await tip.locator('.scatter-tip-where').innerText()).toMatch(new RegExp(`^${cluster} · folder g\\d+$`))
    await page.mouse.move(0, 0)
  })

  it('zooms into the map and back to the whole of it', async () => {
    const scatter = page.getByTestId('scatter')
    const reset = page.getByTestId('map-reset-zoom')
    expect(await scatter.getAttribute('data-zoomed')).toBe('false')
    expect(await reset.isDisabled()).toBe(true)
    const box = (await scatter.boundingBox())!
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2)
    await page.mouse.wheel(0, -600)
    await expect.poll(() => scatter.getAttribute('data-zoomed')).toBe('true')
    await reset.click()
    await expect.poll(() => scatter.getAttribute('data-zoomed')).toBe('false')
    expect(await reset.isDisabled()).toBe(true)
  })

  it('keeps every action of a history row within the window at its narrowest, 1,024 × 768', async () => {
    await page.setViewportSize({ width: 1024, height: 768 })
    await page.getByTestId('room-history').click()
    const row = page.getByTestId('history-row').first()
    await expect.poll(() => row.count()).toBe(1)
    const actions = row.locator('button')
    const ids = await actions.evaluateAll((els) => els.map((el) => el.getAttribute('data-testid')))
    expect(ids).toEqual(['history-open', 'report-html', 'report-csv', 'report-json', 'history-delete'])
    for (let i = 0; i < ids.length; i++) {
      const button = actions.nth(i)
      expect(await button.isVisible()).toBe(true)
      const b = (await button.boundingBox())!
      expect(b.x, `${ids[i]} starts inside the window`).toBeGreaterThanOrEqual(0)
      expect(b.x + b.width, `${ids[i]} ends inside the window`).toBeLessThanOrEqual(1024)
      expect(b.y + b.height).toBeLessThanOrEqual(768)
    }
    // Nothing of the table hides behind a sideways scroll.
    const overflow = await page.locator('.history').evaluate((el) => el.scrollWidth - el.clientWidth)
    expect(overflow).toBeLessThanOrEqual(0)
    await snapshot(page, SPEC, 'history-1024')
  })

  it("shows the open run's measures at the top of the panel, in sight at 1,024 × 768", async () => {
    await page.setViewportSize({ width: 1024, height: 768 })
    await page.getByTestId('room-map').click()
    const result = page.getByTestId('run-result')
    await expect.poll(() => result.count()).toBe(1)
    const panel = page.getByTestId('run-panel')
    await panel.evaluate((el) => el.scrollTo(0, 0))
    const silhouette = (await page.getByTestId('run-silhouette').boundingBox())!
    expect(silhouette.y + silhouette.height).toBeLessThanOrEqual(768)
    // Above the form: no scrolling past the settings to read what the run gave.
    const form = (await page.getByTestId('run-start').boundingBox())!
    expect(silhouette.y).toBeLessThan(form.y)
    await snapshot(page, SPEC, 'run-measures-1024')
  })
})
