import type { CurvePoint } from '../../../shared/contract'
import type { ChartColors } from './chart-colors'
import type { ChartOption } from './echarts'

export interface CurveSeries {
  name: string
  /** [epoch, loss] */
  data: [number, number][]
  color: string
  dashed: boolean
}

/** Training loss per epoch, and validation loss where the epochs have one. */
export function curveSeries(points: readonly CurvePoint[], colors: ChartColors): CurveSeries[] {
  const sorted = [...points].sort((a, b) => a.epoch - b.epoch)
  const series: CurveSeries[] = [
    { name: 'training loss', data: sorted.map((p) => [p.epoch, p.loss]), color: colors.line, dashed: false }
  ]
  const validation = sorted.filter((p) => p.valLoss !== undefined).map((p): [number, number] => [p.epoch, p.valLoss!])
  if (validation.length > 0) series.push({ name: 'validation loss', data: validation, color: colors.other, dashed: true })
  return series
}

/** The loss chart: epochs on x (whole numbers only, up to `epochs` when known), loss on y. */
export function curveOption(points: readonly CurvePoint[], colors: ChartColors, epochs?: number, bestEpoch?: number | null): ChartOption {
  const series = curveSeries(points, colors)
  const axis = {
    type: 'value' as const,
    nameLocation: 'middle' as const,
    nameTextStyle: { color: colors.textMuted },
    axisLabel: { fontSize: 10, color: colors.textMuted },
    axisLine: { lineStyle: { color: colors.border } },
    splitLine: { lineStyle: { color: colors.grid } }
  }
  const best = bestEpoch != null ? points.find((p) => p.epoch === bestEpoch) : undefined
  return {
    animation: false,
    grid: { left: 52, right: 12, top: 12, bottom: 30 },
    textStyle: { color: colors.text },
    xAxis: { ...axis, name: 'epoch', nameGap: 20, min: 1, max: Math.max(epochs ?? 1, points.length, 2), minInterval: 1 },
    yAxis: { ...axis, name: 'loss', nameGap: 40, scale: true },
    tooltip: {
      trigger: 'axis',
      transitionDuration: 0,
      backgroundColor: colors.surface,
      borderColor: colors.border,
      textStyle: { color: colors.text },
      valueFormatter: (value) => (typeof value === 'number' ? value.toPrecision(4) : String(value))
    },
    series: series.map((s, i) => ({
      type: 'line' as const,
      name: s.name,
      data: s.data,
      showSymbol: true,
      symbolSize: 6,
      lineStyle: { width: 1.5, color: s.color, type: s.dashed ? ('dashed' as const) : ('solid' as const) },
      itemStyle: { color: s.color },
      ...(i === 0 && best
        ? {
            markPoint: {
              symbol: 'circle',
              symbolSize: 11,
              label: { show: false },
              data: [{ name: 'best epoch', coord: [best.epoch, best.valLoss ?? best.loss], itemStyle: { color: colors.chosen } }]
            }
          }
        : {})
    }))
  }
}
