import type { ScoreHistogram } from '../../../shared/contract'
import type { ChartColors } from './chart-colors'
import type { ChartOption } from './echarts'

/** Bin labels: the middle of each bin, with as many decimals as the bin width needs. */
export function binLabels(h: ScoreHistogram): string[] {
  const width = (h.edges.at(-1)! - h.edges[0]!) / Math.max(1, h.edges.length - 1)
  const digits = width >= 1 ? 1 : Math.min(4, Math.ceil(-Math.log10(width)) + 1)
  return h.similar.map((_, i) => ((h.edges[i]! + h.edges[i + 1]!) / 2).toFixed(digits))
}

/**
 * Where a distance lies on the category axis, whose bin i is centred on i: fractional, so the
 * threshold's line falls where it is inside its bin rather than on the bin's middle.
 */
export function axisPosition(h: ScoreHistogram, distance: number): number {
  const bins = h.similar.length
  const min = h.edges[0]!
  const max = h.edges.at(-1)!
  return ((distance - min) / (max - min || 1)) * bins - 0.5
}

/** Similar and dissimilar validation pairs per distance bin, side by side, the threshold as a line. */
export function histogramOption(h: ScoreHistogram, threshold: number | null, colors: ChartColors): ChartOption {
  const axisStyle = {
    nameLocation: 'middle' as const,
    nameTextStyle: { color: colors.textMuted },
    axisLabel: { fontSize: 10, color: colors.textMuted },
    axisLine: { lineStyle: { color: colors.border } },
    splitLine: { lineStyle: { color: colors.grid } }
  }
  const line =
    threshold === null
      ? {}
      : {
          markLine: {
            symbol: 'none',
            silent: true,
            lineStyle: { color: colors.chosen, type: 'dashed' as const, width: 1.5 },
            label: { formatter: `threshold ${threshold.toFixed(3)}`, color: colors.chosen, fontSize: 10 },
            data: [{ xAxis: axisPosition(h, threshold) }]
          }
        }
  return {
    animation: false,
    grid: { left: 44, right: 16, top: 20, bottom: 34 },
    textStyle: { color: colors.text },
    xAxis: { ...axisStyle, type: 'category', data: binLabels(h), name: 'distance between the embeddings', nameGap: 22 },
    yAxis: { ...axisStyle, type: 'value', name: 'pairs', nameGap: 30, minInterval: 1 },
    tooltip: { trigger: 'axis', transitionDuration: 0, backgroundColor: colors.surface, borderColor: colors.border, textStyle: { color: colors.text } },
    series: [
      { type: 'bar', name: 'same group', data: h.similar, itemStyle: { color: colors.line }, barGap: '0%', ...line },
      { type: 'bar', name: 'different groups', data: h.dissimilar, itemStyle: { color: colors.other } }
    ]
  }
}
