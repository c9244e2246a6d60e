import { describe, expect, it } from 'vitest'
import { LIGHT_CHART_COLORS } from './chart-colors'
import { curveOption, curveSeries } from './models-curve'

const colors = { ...LIGHT_CHART_COLORS, line: '#111111', other: '#222222', chosen: '#333333' }

describe('curveSeries', () => {
  it('draws training loss per epoch in order, and validation loss only where an epoch has one', () => {
    const series = curveSeries(
      [
        { epoch: 2, loss: 0.5, valLoss: 0.6, seconds: 2 },
        { epoch: 1, loss: 0.9, seconds: 1 }
      ],
      colors
    )
    expect(series).toEqual([
      { name: 'training loss', data: [[1, 0.9], [2, 0.5]], color: '#111111', dashed: false },
      { name: 'validation loss', data: [[2, 0.6]], color: '#222222', dashed: true }
    ])
  })

  it('has no validation series when no epoch was validated', () => {
    expect(curveSeries([{ epoch: 1, loss: 1, seconds: 0 }], colors).map((s) => s.name)).toEqual(['training loss'])
  })
})

describe('curveOption', () => {
  const points = [
    { epoch: 1, loss: 0.9, valLoss: 1.0, seconds: 1 },
    { epoch: 2, loss: 0.5, valLoss: 0.7, seconds: 2 }
  ]

  it('spans the x axis over every epoch of the training, not only those done', () => {
    const option = curveOption(points, colors, 20)
    expect(option.xAxis).toMatchObject({ min: 1, max: 20, minInterval: 1 })
  })

  it('marks the best epoch at its validation loss', () => {
    const option = curveOption(points, colors, 2, 2)
    const series = option.series as { markPoint?: { data: { coord: number[] }[] } }[]
    expect(series[0]!.markPoint!.data[0]!.coord).toEqual([2, 0.7])
    expect(series[1]!.markPoint).toBeUndefined()
  })

  it('takes the theme colours for the frame', () => {
    const dark = { ...colors, text: '#eeeeee', grid: '#444444' }
    const option = curveOption(points, dark, 2)
    expect(option.textStyle).toEqual({ color: '#eeeeee' })
    expect(option.yAxis).toMatchObject({ splitLine: { lineStyle: { color: '#444444' } } })
  })
})
