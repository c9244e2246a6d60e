/**
 * The map at the size the product is made for: 70,000 points. Every point reaches the chart (no
 * silent sampling), the legends filter them, hovering still finds the point under the pointer,
 * and a zoom redraws. The time to the first draw and the frame gaps during a zoom are written to
 * the artifacts for reading, not asserted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Locator, Page } from 'playwright-core'
import { artifactsDir, openApp, startImport, snapshot, type AppUnderTest, type Served } from './helpers/app'
import { clusterOfColour, drawn, hover, markerSpot } from './helpers/map'
import { seededRandom } from '../src/main/engine/random'

const SPEC = 'map-large'
const N = 70_000
/** Ten blobs, each its own group, so the run can be scored and both legends have entries. */
const BLOBS = 10

let app: AppUnderTest
let dir: string
let server: Served
let page: Page

const scatter = (): Locator => page.getByTestId('scatter')
const points = async (): Promise<string | null> => scatter().getAttribute('data-points')
const clusterEntries = (): Locator => page.getByTestId('legend-clusters').getByTestId('legend-entry')

/**
 * What the map's canvas shows: a hash of its pixels, how many are a cluster colour (saturated;
 * background, grid and noise grey are not), and their mean distance from the canvas centre in
 * canvas widths.
 */
async function canvasSummary(): Promise<{ hash: number; coloured: number; spread: number }> {
  return scatter().evaluate((el) => {
    const canvas = el.querySelector('canvas')!
    const { width, height } = canvas
    const data = canvas.getContext('2d')!.getImageData(0, 0, width, height).data
    let hash = 2166136261
    let coloured = 0
    let distance = 0
    for (let i = 0; i < data.length; i++) hash = Math.imul(hash ^ data[i]!, 16777619) >>> 0
    for (let i = 0; i < data.length; i += 4) {
      if (Math.max(data[i]!, data[i + 1]!, data[i + 2]!) - Math.min(data[i]!, data[i + 1]!, data[i + 2]!) <= 50) continue
      const p = i / 4
      coloured++
      distance += Math.hypot((p % width) - width / 2, Math.floor(p / width) - height / 2)
    }
    return { hash, coloured, spread: coloured ? distance / coloured / width : 0 }
  })
}

/** N rows of x, y and a group column: ten Gaussian blobs on a circle, in random order. */
function blobsCsv(): string {
  const random = seededRandom(70)
  const gauss = (): number => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random())
  const lines = ['x,y,blob']
  for (let i = 0; i < N; i++) {
    const b = Math.floor(random() * BLOBS)
    const angle = (2 * Math.PI * b) / BLOBS
    lines.push(`${(10 * Math.cos(angle) + gauss()).toFixed(4)},${(10 * Math.sin(angle) + gauss()).toFixed(4)},blob${b}`)
  }
  return `${lines.join('\n')}\n`
}

beforeAll(async () => {
  app = await openApp('likeness-e2e-large-', { width: 1500, height: 1000 }, async (root) => {
    dir = root
    writeFileSync(join(dir, 'blobs.csv'), blobsCsv())
  })
  ;({ server, page } = app)
})

afterAll(() => app?.close())

describe('a map of 70,000 points', () => {
  it('imports 70,000 vectors and clusters them with a PCA layout', async () => {
    await page.goto(server.url)
    await startImport(page, join(dir, 'blobs.csv'))
    await expect.poll(() => page.locator('[data-testid^="job-"][data-state="done"]').count(), { timeout: 120_000 }).toBe(1)
    await page.getByTestId('room-map').click()
    await expect.poll(() => page.getByTestId('run-feature-set').locator('option').count()).toBe(1)
    await page.getByTestId('run-reduce').selectOption('pca')
    await page.getByTestId('run-algo').selectOption('kmeans')
    await page.getByTestId('run-k').fill(String(BLOBS))
    const started = Date.now()
    await page.getByTestId('run-start').click()
    await expect.poll(() => scatter().count(), { timeout: 180_000 }).toBe(1)
    await expect.poll(points, { timeout: 60_000 }).toBe(String(N))
    await drawn(page)
    const firstDraw = (Date.now() - started) / 1000
    await snapshot(page, SPEC, '01-map')
    expect(await clusterEntries().count()).toBe(BLOBS)
    expect(await page.getByTestId('legend-groups').getByTestId('legend-entry').count()).toBe(BLOBS)
    // Well separated blobs: the run finds them.
    expect(Number(await page.getByTestId('run-acc').innerText())).toBeGreaterThan(0.99)
    mkdirSync(join(artifactsDir, SPEC), { recursive: true })
    writeFileSync(join(artifactsDir, SPEC, 'timings.json'), JSON.stringify({ points: N, start_to_drawn_s: firstDraw }, null, 2))
  })

  it('hides one cluster from the legend and shows every point again after', async () => {
    const first = clusterEntries().first()
    const size = Number(await first.locator('.count').innerText())
    expect(size).toBeGreaterThan(N / BLOBS / 2)
    await first.locator('button').first().click()
    await expect.poll(points).toBe(String(N - size))
    await first.locator('button').first().click()
    await expect.poll(points).toBe(String(N))
  })

  it('shows the point under the pointer', async () => {
    await drawn(page)
    const spot = await markerSpot(page)
    await hover(page, spot)
    const tip = page.getByTestId('scatter-tooltip')
    expect(await tip.isVisible()).toBe(true)
    expect(await tip.innerText()).toContain(`${await clusterOfColour(page, spot.rgb)} · `)
    await snapshot(page, SPEC, '02-tooltip')
    await page.mouse.move(5, 5)
  })

  it('zooms in with the wheel and redraws', async () => {
    const box = (await scatter().boundingBox())!
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2)
    await drawn(page)
    const before = await canvasSummary()
    // Frame gaps while zooming, for the artifacts: how smooth 70,000 points redraw here.
    await page.evaluate(() => {
      const gaps: number[] = []
      let last = performance.now()
      const tick = (now: number): void => {
        gaps.push(now - last)
        last = now
        if (gaps.length < 120) requestAnimationFrame(tick)
      }
      requestAnimationFrame(tick)
      Object.assign(window, { frameGaps: gaps })
    })
    for (let i = 0; i < 5; i++) await page.mouse.wheel(0, -240)
    await drawn(page)
    const gaps = await page.evaluate(() => (window as unknown as { frameGaps: number[] }).frameGaps)
    await snapshot(page, SPEC, '03-zoomed')
    // Zoomed in, fewer markers fall inside the plot, but the chart still holds all of them.
    expect(await points()).toBe(String(N))
    const after = await canvasSummary()
    // The canvas was redrawn, still shows markers, and shows them farther from the pointer at its
    // centre, as a zoom in about that point does (measured: mean distance 0.33 → 0.49 canvas widths).
    expect(after.hash).not.toBe(before.hash)
    expect(after.coloured).toBeGreaterThan(0)
    expect(after.spread).toBeGreaterThan(1.1 * before.spread)
    const sorted = [...gaps].sort((a, b) => a - b)
    writeFileSync(
      join(artifactsDir, SPEC, 'zoom-frames.json'),
      JSON.stringify({ frames: gaps.length, median_ms: sorted[sorted.length >> 1], worst_ms: sorted.at(-1) }, null, 2)
    )
  })
})
