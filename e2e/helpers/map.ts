/** The map's canvas as the end-to-end specs read it: where a marker is drawn, and of which cluster. */
import type { Page } from 'playwright-core'

/** The chart draws on the next animation frames after its data changes; the canvas is read only after them. */
export const drawn = (page: Page): Promise<void> =>
  page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, 100)))))

/** A point of the map in page coordinates, in the middle of a marker found by its colour on the canvas, and that colour. */
export async function markerSpot(page: Page): Promise<{ x: number; y: number; rgb: [number, number, number] }> {
  const spot = await page.getByTestId('scatter').evaluate((el) => {
    const canvas = el.querySelector('canvas')
    const ctx = canvas?.getContext('2d')
    if (!canvas || !ctx) return null
    const { width, height } = canvas
    const data = ctx.getImageData(0, 0, width, height).data
    const box = canvas.getBoundingClientRect()
    const scale = width / box.width
    const r = Math.round(2 * scale)
    // Cluster colours are saturated; the background, grid and noise grey are not.
    const coloured = (x: number, y: number): boolean => {
      const i = 4 * (y * width + x)
      return Math.max(data[i]!, data[i + 1]!, data[i + 2]!) - Math.min(data[i]!, data[i + 1]!, data[i + 2]!) > 50
    }
    for (let y = r; y < height - r; y++) {
      for (let x = r; x < width - r; x++) {
        if (!(coloured(x, y) && coloured(x - r, y) && coloured(x + r, y) && coloured(x, y - r) && coloured(x, y + r))) continue
        const i = 4 * (y * width + x)
        return { x: box.left + x / scale, y: box.top + y / scale, rgb: [data[i]!, data[i + 1]!, data[i + 2]!] as [number, number, number] }
      }
    }
    return null
  })
  if (!spot) throw new Error('No marker found on the map canvas.')
  return spot
}

/** The cluster whose legend colour is nearest to `rgb` (markers are drawn slightly transparent over white). */
export async function clusterOfColour(page: Page, rgb: readonly number[]): Promise<string> {
  const legend = await page.getByTestId('legend-clusters').getByTestId('legend-entry').evaluateAll((els) =>
    els.map((el) => [el.getAttribute('data-label')!, el.querySelector('circle, path')!.getAttribute('fill')!] as const)
  )
  const distance = (hex: string): number => {
    const c = [1, 3, 5].map((at) => 0.85 * parseInt(hex.slice(at, at + 2), 16) + 0.15 * 255)
    return c.reduce((sum, v, i) => sum + (v - rgb[i]!) ** 2, 0)
  }
  return legend.reduce((best, entry) => (distance(entry[1]) < distance(best[1]) ? entry : best))[0]
}


/**
 * Moves the pointer onto a spot and waits for the map's tooltip. A hand never holds a pointer
 * perfectly still: on a busy machine the chart can miss a single move that lands while it redraws,
 * and the next small move shows the tooltip. Whether it showed is for the caller to check.
 */
export async function hover(page: Page, spot: { x: number; y: number }): Promise<void> {
  const tip = page.getByTestId('scatter-tooltip')
  for (const dx of [0, 1, 0, -1, 0]) {
    await page.mouse.move(spot.x + dx, spot.y)
    if (await tip.waitFor({ state: 'visible', timeout: 1_000 }).then(() => true, () => false)) return
  }
}

/** Drags the rectangle brush over the whole map, 16 px in from each edge: every point is selected. */
export async function brushWholeMap(page: Page): Promise<void> {
  const box = (await page.getByTestId('scatter').boundingBox())!
  await page.getByTestId('brush-rect').click()
  await page.mouse.move(box.x + 16, box.y + 16)
  await page.mouse.down()
  await page.mouse.move(box.x + box.width - 16, box.y + box.height - 16, { steps: 8 })
  await page.mouse.up()
}
