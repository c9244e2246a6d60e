import { describe, expect, it } from 'vitest'
import { LIGHT_CHART_COLORS } from './chart-colors'
import { axisPosition, binLabels, histogramOption } from './models-histogram'

const h = { edges: [0, 0.5, 1, 1.5, 2], similar: [3, 1, 0, 0], dissimilar: [0, 1, 2, 4] }

describe('the histogram of validation distances', () => {
  it('labels each bin by its middle and puts a distance at its place on the category axis', () => {
    expect(binLabels(h)).toEqual(['0.25', '0.75', '1.25', '1.75'])
    // Bin i is centred on i: the edge 0 at −0.5, the middle of bin 0 at 0, the top edge at 3.5.
    expect(axisPosition(h, 0)).toBe(-0.5)
    expect(axisPosition(h, 0.25)).toBe(0)
    expect(axisPosition(h, 1.1)).toBeCloseTo(1.7)
    expect(axisPosition(h, 2)).toBe(3.5)
  })

  it('draws the two kinds of pairs as bars and the threshold as a line only when there is one', () => {
    const option = histogramOption(h, 1.1, LIGHT_CHART_COLORS)
    const series = option.series as { type: string; data: number[]; markLine?: { data: { xAxis: number }[] } }[]
    expect(series.map((s) => s.type)).toEqual(['bar', 'bar'])
    expect(series[0]!.data).toEqual([3, 1, 0, 0])
    expect(series[1]!.data).toEqual([0, 1, 2, 4])
    expect(series[0]!.markLine!.data[0]!.xAxis).toBeCloseTo(1.7)
    const none = histogramOption(h, null, LIGHT_CHART_COLORS).series as { markLine?: unknown }[]
    expect(none.every((s) => s.markLine === undefined)).toBe(true)
  })
})
