/**
 * An ECharts chart as an attachment: `<div {@attach chart((colors) => option)}>`. The chart
 * follows the element's size and the light or dark theme, is drawn again (not merged) whenever the
 * state the option reads changes, and is let go with the element.
 */
import type { Attachment } from 'svelte/attachments'
import { currentChartColors, watchColorScheme, type ChartColors } from './chart-colors'
import { mountChart, type ChartOption } from './echarts'

export function chart(option: (colors: ChartColors) => ChartOption): Attachment<HTMLElement> {
  return (element) => {
    const mounted = mountChart(element)
    /** The theme's colours; the system may switch while the chart shows. */
    let colors = $state.raw(currentChartColors())
    const unwatch = watchColorScheme(() => (colors = currentChartColors()))
    $effect(() => {
      mounted.chart.setOption(option(colors), { notMerge: true })
    })
    return () => {
      unwatch()
      mounted.dispose()
    }
  }
}
