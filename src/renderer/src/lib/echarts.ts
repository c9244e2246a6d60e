/**
 * ECharts with only what Likeness draws: scatter, line and bar charts, their axes, the tooltip and
 * zooming, on the canvas renderer. Importing from here keeps the rest of the library out of the bundle.
 */
import { init, use, type ComposeOption, type EChartsType } from 'echarts/core'
import { BarChart, LineChart, ScatterChart, type BarSeriesOption, type LineSeriesOption, type ScatterSeriesOption } from 'echarts/charts'
import {
  DataZoomInsideComponent,
  GridComponent,
  MarkLineComponent,
  MarkPointComponent,
  TooltipComponent,
  type DataZoomComponentOption,
  type GridComponentOption,
  type MarkLineComponentOption,
  type MarkPointComponentOption,
  type TooltipComponentOption
} from 'echarts/components'
import { CanvasRenderer } from 'echarts/renderers'

use([
  BarChart,
  ScatterChart,
  LineChart,
  GridComponent,
  TooltipComponent,
  DataZoomInsideComponent,
  MarkLineComponent,
  MarkPointComponent,
  CanvasRenderer
])

export type ChartOption = ComposeOption<
  | ScatterSeriesOption
  | LineSeriesOption
  | BarSeriesOption
  | GridComponentOption
  | TooltipComponentOption
  | DataZoomComponentOption
  | MarkLineComponentOption
  | MarkPointComponentOption
>

export type Chart = EChartsType

/** A chart in `element` that follows the element's size; `dispose` lets go of both. */
export function mountChart(element: HTMLElement): { chart: Chart; dispose: () => void } {
  const chart = init(element, null, { renderer: 'canvas' })
  const observer = new ResizeObserver(() => chart.resize())
  observer.observe(element)
  return {
    chart,
    dispose: () => {
      observer.disconnect()
      chart.dispose()
    }
  }
}
