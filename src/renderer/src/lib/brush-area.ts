/**
 * Which points a lasso or rectangle holds, in data coordinates. ECharts' brush can select points
 * itself, but not in a large series (it keeps no per-point layout there), and it redraws every
 * series on each pointer move; the map draws the outline itself and selects here, once.
 */

export type Vec2 = readonly [number, number]

export type BrushArea =
  | { brushType: 'rect'; coordRange: readonly [Vec2, Vec2] }
  | { brushType: 'polygon'; coordRange: readonly Vec2[] }

/** Even–odd rule: a ray to the right of the point crosses the outline an odd number of times. */
export function inPolygon(px: number, py: number, polygon: readonly Vec2[]): boolean {
  let inside = false
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const [xi, yi] = polygon[i]!
    const [xj, yj] = polygon[j]!
    if (yi > py !== yj > py && px < ((xj - xi) * (py - yi)) / (yj - yi) + xi) inside = !inside
  }
  return inside
}

function boundsOf(area: BrushArea): { x0: number; x1: number; y0: number; y1: number } {
  if (area.brushType === 'rect') {
    const [[xa, xb], [ya, yb]] = area.coordRange
    return { x0: Math.min(xa, xb), x1: Math.max(xa, xb), y0: Math.min(ya, yb), y1: Math.max(ya, yb) }
  }
  const xs = area.coordRange.map((p) => p[0])
  const ys = area.coordRange.map((p) => p[1])
  return { x0: Math.min(...xs), x1: Math.max(...xs), y0: Math.min(...ys), y1: Math.max(...ys) }
}

/** Indices among `candidates` whose point lies in any of the areas, ascending. */
export function pointsInAreas(
  x: readonly number[],
  y: readonly number[],
  candidates: Iterable<number>,
  areas: readonly BrushArea[]
): number[] {
  const tests = areas
    .filter((a) => a.brushType === 'rect' || a.coordRange.length >= 3)
    .map((area) => ({ area, bounds: boundsOf(area) }))
  const chosen: number[] = []
  for (const i of candidates) {
    const px = x[i]!
    const py = y[i]!
    for (const { area, bounds } of tests) {
      // The bounding box first: most points of a large map are far from a small lasso.
      if (px < bounds.x0 || px > bounds.x1 || py < bounds.y0 || py > bounds.y1) continue
      if (area.brushType === 'rect' || inPolygon(px, py, area.coordRange)) {
        chosen.push(i)
        break
      }
    }
  }
  return chosen.sort((a, b) => a - b)
}
