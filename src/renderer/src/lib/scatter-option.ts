import type { ScatterSeriesOption } from 'echarts/charts'
import { clusterColor, clusterName } from '../../../shared/palette'
import { LIGHT_CHART_COLORS, type ChartColors } from './chart-colors'
import type { ChartOption } from './echarts'
import { markerAt } from './group-markers'
import type { PointBucket } from './scatter-data'

/** Above this many points a series is drawn in large mode: one path for all its markers. */
export const LARGE_THRESHOLD = 500
/**
 * A series above this many points is drawn over several frames, this many per frame, so a redraw of
 * 70,000 points never blocks the window for long. Each such series gets a canvas layer of its own,
 * so the threshold also bounds how many layers a map can have.
 */
const PROGRESSIVE_THRESHOLD = 10_000
const PROGRESSIVE_CHUNK = 5_000

/**
 * The series' id. Callbacks must find their bucket by id, not by series index: after a legend click
 * ECharts may give a series that comes back a different index than its place in the list.
 */
export function seriesId(bucket: Pick<PointBucket, 'cluster' | 'shape'>): string {
  return `c${bucket.cluster}:s${bucket.shape}`
}

/**
 * One scatter series per bucket. Every point is given to the chart (no sampling); large mode and
 * progressive rendering keep the map responsive, and animation is off because per-point motion
 * at this scale costs more than it shows.
 */
export function scatterSeries(
  buckets: readonly PointBucket[],
  symbolSize: number,
  colors: ChartColors = LIGHT_CHART_COLORS
): ScatterSeriesOption[] {
  return buckets.map((bucket) => seriesOf(bucket, symbolSize, colors))
}

/**
 * An outlined marker is filled with the chart's background (white, or dark in the dark theme),
 * ringed in its cluster's colour; a filled one is all colour.
 */
function seriesOf(bucket: PointBucket, symbolSize: number, colors: ChartColors): ScatterSeriesOption {
  const marker = markerAt(bucket.shape)
  const color = clusterColor(bucket.cluster)
  return {
    type: 'scatter',
    id: seriesId(bucket),
    name: clusterName(bucket.cluster),
    dimensions: ['x', 'y'],
    data: bucket.xy,
    symbol: marker.symbol,
    symbolSize,
    large: true,
    largeThreshold: LARGE_THRESHOLD,
    progressive: PROGRESSIVE_CHUNK,
    progressiveThreshold: PROGRESSIVE_THRESHOLD,
    animation: false,
    itemStyle: {
      color: marker.filled ? color : colors.surface,
      borderColor: color,
      borderWidth: marker.filled ? 0 : 1.5,
      opacity: bucket.cluster < 0 ? 0.55 : 0.85
    },
    emphasis: { scale: 1.6 }
  }
}

/** Axes fixed to the whole run's extent, so hiding clusters never rescales the map under the user. */
export function scatterBase(
  xExtent: [number, number],
  yExtent: [number, number],
  colors: ChartColors = LIGHT_CHART_COLORS
): ChartOption {
  const axis = {
    type: 'value' as const,
    axisLabel: { show: false },
    axisTick: { show: false },
    axisLine: { show: false },
    splitLine: { lineStyle: { color: colors.grid } }
  }
  return {
    animation: false,
    grid: { left: 12, right: 12, top: 12, bottom: 12 },
    xAxis: { ...axis, min: xExtent[0], max: xExtent[1] },
    yAxis: { ...axis, min: yExtent[0], max: yExtent[1] },
    dataZoom: [
      { type: 'inside', xAxisIndex: 0, filterMode: 'none' },
      { type: 'inside', yAxisIndex: 0, filterMode: 'none' }
    ],
    tooltip: {
      trigger: 'item',
      confine: true,
      transitionDuration: 0,
      showDelay: 60,
      padding: 6,
      borderColor: colors.border,
      backgroundColor: colors.surface,
      textStyle: { color: colors.text }
    },
    series: []
  }
}
