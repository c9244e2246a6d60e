/**
 * The scatter's points, cut into one chart series per (cluster, marker shape). ECharts draws a
 * large series with a single symbol and colour, so this split is what lets 70,000 points keep both
 * a colour per cluster and a shape per group while staying in large mode.
 */

export interface PointColumns {
  x: readonly number[]
  y: readonly number[]
  labels: readonly number[]
  /** Group index of each point. */
  groups: readonly number[]
}

export interface PointBucket {
  cluster: number
  /** Index into the marker shapes; groups share one when there are more groups than shapes. */
  shape: number
  /** x, y interleaved, ready for a typed-array series. */
  xy: Float64Array
  /** Point index (into the run's arrays) of each point of the bucket. */
  index: Int32Array
}

/**
 * Every visible point in exactly one bucket. Noise comes first so clusters are drawn over it, then
 * clusters in label order, shapes in order within a cluster.
 */
export function bucketPoints(
  points: PointColumns,
  hiddenClusters: ReadonlySet<number>,
  hiddenGroups: ReadonlySet<number>,
  shapeCount: number
): PointBucket[] {
  const n = points.labels.length
  const keyOf = (i: number): number => (points.labels[i]! + 1) * shapeCount + (points.groups[i]! % shapeCount)
  const counts = new Map<number, number>()
  for (let i = 0; i < n; i++) {
    if (hiddenClusters.has(points.labels[i]!) || hiddenGroups.has(points.groups[i]!)) continue
    const key = keyOf(i)
    counts.set(key, (counts.get(key) ?? 0) + 1)
  }
  const keys = [...counts.keys()].sort((a, b) => a - b)
  const buckets = new Map<number, PointBucket & { fill: number }>()
  for (const key of keys) {
    const size = counts.get(key)!
    buckets.set(key, {
      cluster: Math.floor(key / shapeCount) - 1,
      shape: key % shapeCount,
      xy: new Float64Array(2 * size),
      index: new Int32Array(size),
      fill: 0
    })
  }
  for (let i = 0; i < n; i++) {
    const bucket = buckets.get(keyOf(i))
    if (!bucket || hiddenClusters.has(points.labels[i]!) || hiddenGroups.has(points.groups[i]!)) continue
    const at = bucket.fill++
    bucket.xy[2 * at] = points.x[i]!
    bucket.xy[2 * at + 1] = points.y[i]!
    bucket.index[at] = i
  }
  return keys.map((key) => {
    const { cluster, shape, xy, index } = buckets.get(key)!
    return { cluster, shape, xy, index }
  })
}

export function pointCount(buckets: readonly PointBucket[]): number {
  return buckets.reduce((sum, b) => sum + b.index.length, 0)
}

/** Smaller markers as the map fills up, so dense clusters stay readable rather than one blot. */
export function markerSize(n: number): number {
  if (n <= 500) return 9
  if (n <= 5_000) return 6
  if (n <= 25_000) return 4
  return 3
}

/** [min, max] of the values, widened by `pad` of the span on each side (a lone value gets ±1). */
export function paddedExtent(values: readonly number[], pad: number): [number, number] {
  let min = Number.POSITIVE_INFINITY
  let max = Number.NEGATIVE_INFINITY
  for (const v of values) {
    if (v < min) min = v
    if (v > max) max = v
  }
  if (!Number.isFinite(min)) return [0, 1]
  const margin = max > min ? (max - min) * pad : 1
  return [min - margin, max + margin]
}
