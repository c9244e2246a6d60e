import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { openApp, startImport, snapshot, type AppUnderTest } from './helpers/app'
import { writeBytes } from '../src/main/test-support/fixtures'
import { stripesPng } from './helpers/images'
import { brushWholeMap } from './helpers/map'

const SPEC = 'shell'

let app: AppUnderTest
let page: Page
/** Three folders of stripes, enough images that a run takes a while to go through its stages. */
let stripes: string
/** A second, small dataset to step between. */
let extra: string
/** The address of the stripes dataset's run in the clusters tab. */
let runUrl: string


async function writeFolders(root: string, groups: number, perGroup: number): Promise<void> {
  for (let g = 0; g < groups; g++) {
    for (let i = 0; i < perGroup; i++) writeBytes(join(root, `g${g + 1}`, `g${g + 1}-${i}.png`), await stripesPng(3 + 2 * g, 100 * g + i))
  }
}

beforeAll(async () => {
  app = await openApp('likeness-e2e-shell-', { width: 1400, height: 900 }, async (root) => {
    stripes = join(root, 'stripes')
    extra = join(root, 'extra')
    await writeFolders(stripes, 3, 60)
    await writeFolders(extra, 2, 4)
  })
  page = app.page
})

afterAll(() => app?.close())

const hash = (): Promise<string> => page.evaluate(() => location.hash)
const selectedDataset = (): Promise<string | null> =>
  page.locator('[data-testid="dataset-item"][aria-current="true"]').getAttribute('data-dataset-id')
const currentRoom = (): Promise<string | null> =>
  page.locator('[data-testid^="room-"][aria-current="page"]').getAttribute('data-testid')

/** Relative luminance (WCAG) of a computed `rgb(r, g, b)` colour. */
function luminance(css: string): number {
  const [r, g, b] = (css.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map((v) => {
    const c = Number(v) / 255
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
  })
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!
}

describe('the shell', () => {
  it('shows one progress with one Cancel while a run goes, and says the map is on its way', async () => {
    await page.goto(app.server.url)
    await startImport(page, stripes)
    await expect.poll(() => page.locator('[data-testid^="job-"][data-state="done"]').count(), { timeout: 60_000 }).toBe(1)
    await page.getByTestId('room-map').click()
    // What the page shows at every change while the run goes, however brief.
    await page.evaluate(() => {
      const seen: { cancels: number; noRuns: boolean; clustering: boolean }[] = []
      Object.assign(window, { seenDuringRun: seen })
      new MutationObserver(() => {
        if (!document.querySelector('[data-testid="run-progress"]')) return
        const cancels = Array.from(document.querySelectorAll('button')).filter(
          (b) => b.textContent?.trim() === 'Cancel' && b.getClientRects().length > 0
        ).length
        const text = document.body.innerText
        seen.push({ cancels, noRuns: text.includes('No runs yet'), clustering: text.includes('Clustering… the map appears when the run finishes') })
      }).observe(document.body, { subtree: true, childList: true, characterData: true })
    })
    await page.getByTestId('run-start').click()
    await expect.poll(() => page.getByTestId('run-progress').count(), { timeout: 30_000 }).toBe(1)
    await snapshot(page, SPEC, 'run-progress')
    await expect.poll(() => page.getByTestId('scatter').count(), { timeout: 120_000 }).toBe(1)
    const seen = await page.evaluate(() => (window as unknown as { seenDuringRun: unknown[] }).seenDuringRun)
    expect(seen.length).toBeGreaterThan(0)
    for (const state of seen) expect(state).toEqual({ cancels: 1, noRuns: false, clustering: true })
  })

  it('keeps the dataset, tab and run in the URL across a reload', async () => {
    await startImport(page, extra)
    await expect.poll(() => page.getByTestId('dataset-item').count(), { timeout: 60_000 }).toBe(2)
    await page.getByTestId('dataset-item').filter({ hasText: 'stripes' }).click()
    const datasetId = await page.getByTestId('dataset-item').filter({ hasText: 'stripes' }).getAttribute('data-dataset-id')
    await page.getByTestId('room-history').click()
    const runId = await page.getByTestId('history-row').getAttribute('data-run-id')
    await page.getByTestId('history-open').click()
    await expect.poll(() => page.getByTestId('scatter').count()).toBe(1)
    await page.getByTestId('room-clusters').click()
    await expect.poll(hash).toMatch(/\/clusters\?run=\d+$/)
    const before = await hash()
    expect(before).toBe(`#/dataset/${datasetId}/clusters?run=${runId}`)

    runUrl = await page.evaluate(() => location.href)
    await page.reload()
    await expect.poll(() => page.getByTestId('cluster-cards').count()).toBe(1)
    expect(await selectedDataset()).toBe(datasetId)
    expect(await currentRoom()).toBe('room-clusters')
    expect(await hash()).toBe(before)
    await snapshot(page, SPEC, 'after-reload')
  })

  it('goes back to the previous tab with the browser’s Back', async () => {
    const before = await hash()
    await page.getByTestId('room-map').click()
    await expect.poll(hash).toMatch(/\/map\?run=\d+$/)
    await page.goBack()
    await expect.poll(currentRoom).toBe('room-clusters')
    expect(await hash()).toBe(before)
    expect(await page.getByTestId('cluster-cards').count()).toBe(1)
    await snapshot(page, SPEC, 'after-back')
  })

  it('closes the open run when Back returns to a place of the dataset without one', async () => {
    const withRun = await hash()
    const without = withRun.replace(/\?run=\d+$/, '').replace(/\/[a-z]+$/, '/map')
    expect(without).not.toContain('run=')
    // As if the user had been on the map before opening the run: that place, then the run's again.
    await page.evaluate(([a, b]) => {
      history.pushState(null, '', a)
      history.pushState(null, '', b)
    }, [without, withRun] as const)
    await page.goBack()
    await expect.poll(currentRoom).toBe('room-map')
    await expect.poll(() => page.getByTestId('scatter').count()).toBe(0)
    expect(await hash()).toBe(without)
    await snapshot(page, SPEC, 'back-without-run')
    await page.goForward()
    await expect.poll(() => page.getByTestId('cluster-cards').count()).toBe(1)
    expect(await hash()).toBe(withRun)
  })

  it('falls back to the first dataset, with a note, when the URL names one that is gone', async () => {
    const url = new URL(await page.evaluate(() => location.href))
    url.hash = '#/dataset/9999/map?run=1'
    // A fresh load, not a jump within the page.
    await page.goto('about:blank')
    await page.goto(url.toString())
    await expect.poll(() => page.getByTestId('toast').filter({ hasText: 'Dataset 9999 is no longer in the library' }).count()).toBe(1)
    const first = await page.getByTestId('dataset-item').first().getAttribute('data-dataset-id')
    expect(await selectedDataset()).toBe(first)
    expect(await currentRoom()).toBe('room-map')
    await expect.poll(hash).toBe(`#/dataset/${first}/map`)
    await snapshot(page, SPEC, 'unknown-dataset')
  })

  it('lists the shortcuts behind ? and closes the list with Esc', async () => {
    // Back to the run, by its address.
    await page.goto('about:blank')
    await page.goto(runUrl)
    await expect.poll(() => page.getByTestId('cluster-cards').count()).toBe(1)
    await page.getByTestId('room-map').click()
    await page.keyboard.press('?')
    const help = page.getByTestId('shortcut-help')
    await expect.poll(() => help.isVisible()).toBe(true)
    const keys = await help.locator('kbd').allInnerTexts()
    expect(keys).toEqual(['1–5', '[', ']', '/', 'Esc', '?', 'Ctrl+Z', 'Ctrl+Shift+Z'])
    await snapshot(page, SPEC, 'shortcut-help')
    await page.keyboard.press('Escape')
    await expect.poll(() => help.isVisible()).toBe(false)
    // The list closed; the map stayed where it was.
    expect(await currentRoom()).toBe('room-map')

    await page.keyboard.press('3')
    await expect.poll(currentRoom).toBe('room-clusters')
    // `/` goes to the folder path field; keys typed there stay there.
    await page.keyboard.press('/')
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('import-path')
    await page.keyboard.press('1')
    expect(await page.getByTestId('import-path').inputValue()).toBe('1')
    expect(await currentRoom()).toBe('room-clusters')
    await page.getByTestId('import-path').fill('')
    await page.getByTestId('room-clusters').focus()
    // `[` and `]` step through the datasets in the list's order.
    const ids = await page.getByTestId('dataset-item').evaluateAll((els) => els.map((el) => el.getAttribute('data-dataset-id')))
    const at = ids.indexOf(await selectedDataset())
    const withRun = await hash()
    expect(withRun).toMatch(/\?run=\d+$/)
    await page.keyboard.press(at === 0 ? ']' : '[')
    await expect.poll(selectedDataset).toBe(ids[at === 0 ? 1 : at - 1])
    await page.keyboard.press(at === 0 ? '[' : ']')
    await expect.poll(selectedDataset).toBe(ids[at])
    // Leaving the dataset closed its run; two steps Back open it again.
    await page.goBack()
    await page.goBack()
    await expect.poll(() => page.getByTestId('cluster-cards').count()).toBe(1)
    expect(await hash()).toBe(withRun)
    await page.getByTestId('shortcuts-open').click()
    await expect.poll(() => help.isVisible()).toBe(true)
    await page.getByTestId('shortcut-help-close').click()
    await expect.poll(() => help.isVisible()).toBe(false)
  })

  it('closes an open cluster gallery with Esc', async () => {
    await page.getByTestId('room-clusters').click()
    await expect.poll(() => page.getByTestId('cluster-card').count()).toBeGreaterThan(0)
    await page.getByTestId('cluster-card').first().click()
    await expect.poll(() => page.getByTestId('cluster-gallery').count()).toBe(1)
    await snapshot(page, SPEC, 'cluster-gallery')
    await page.keyboard.press('Escape')
    await expect.poll(() => page.getByTestId('cluster-gallery').count()).toBe(0)
    expect(await page.getByTestId('cluster-cards').count()).toBe(1)
  })

  it('closes the gallery of the points selected on the map with Esc', async () => {
    await page.getByTestId('room-map').click()
    await expect.poll(() => page.getByTestId('scatter').count()).toBe(1)
    await brushWholeMap(page)
    const gallery = page.getByTestId('selection-gallery')
    await expect.poll(() => gallery.count()).toBe(1)
    await snapshot(page, SPEC, 'selection-gallery')
    await page.keyboard.press('Escape')
    await expect.poll(() => gallery.count()).toBe(0)
    expect(await page.getByTestId('selection-count').count()).toBe(0)
    await page.getByTestId('brush-pan').click()
  })

  it('follows the system into the dark theme, the map and galleries included', async () => {
    await page.emulateMedia({ colorScheme: 'dark' })
    const body = await page.evaluate(() => {
      const style = getComputedStyle(document.body)
      return { background: style.backgroundColor, color: style.color }
    })
    expect(luminance(body.background)).toBeLessThan(0.05)
    // Text on it keeps WCAG AA contrast.
    expect((luminance(body.color) + 0.05) / (luminance(body.background) + 0.05)).toBeGreaterThanOrEqual(4.5)

    await page.getByTestId('room-map').click()
    await expect.poll(() => page.getByTestId('scatter').count()).toBe(1)
    await snapshot(page, SPEC, 'dark-map')
    await page.getByTestId('room-clusters').click()
    await page.getByTestId('cluster-card').first().click()
    await expect.poll(() => page.getByTestId('cluster-gallery').count()).toBe(1)
    await expect.poll(() => page.getByTestId('cluster-gallery').getByTestId('thumb').count()).toBeGreaterThan(0)
    await snapshot(page, SPEC, 'dark-gallery')
    await page.emulateMedia({ colorScheme: 'light' })
    const light = await page.evaluate(() => getComputedStyle(document.body).backgroundColor)
    expect(luminance(light)).toBeGreaterThan(0.8)
  })
})
