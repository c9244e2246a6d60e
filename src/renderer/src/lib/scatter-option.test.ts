import { describe, expect, it } from 'vitest'
import { clusterColor, NOISE_COLOR } from '../../../shared/palette'
import { bucketPoints } from './scatter-data'
import { LIGHT_CHART_COLORS } from './chart-colors'
import { scatterBase, scatterSeries } from './scatter-option'

describe('scatterSeries', () => {
  const points = { x: [0, 1, 2], y: [0, 1, 2], labels: [-1, 0, 3], groups: [0, 1, 2] }
  const buckets = bucketPoints(points, new Set(), new Set(), 7)
  const series = scatterSeries(buckets, 6)

  it('draws each bucket in its cluster colour and its group shape', () => {
    expect(series.map((s) => [s.itemStyle?.color, s.symbol])).toEqual([
      [NOISE_COLOR, 'circle'],
      [clusterColor(0), 'rect'],
      [clusterColor(3), 'triangle']
    ])
    expect(series.map((s) => s.name)).toEqual(['Noise', 'Cluster 1', 'Cluster 4'])
  })

  it('hands the chart every point of a bucket in large, unanimated mode', () => {
    for (const [i, s] of series.entries()) {
      expect(s.data).toBe(buckets[i]!.xy)
      expect(s.large).toBe(true)
      expect(s.animation).toBe(false)
      expect(s.symbolSize).toBe(6)
    }
    expect(new Set(series.map((s) => s.id)).size).toBe(series.length)
  })
})

describe('outlined markers', () => {
  it('rings the eighth group\'s marker in the cluster colour instead of repeating the first group\'s', () => {
    const [first, eighth] = scatterSeries(bucketPoints({ x: [0, 1], y: [0, 1], labels: [0, 0], groups: [0, 7] }, new Set(), new Set(), 14), 6)
    expect(first!.symbol).toBe('circle')
    expect(eighth!.symbol).toBe('circle')
    expect(first!.itemStyle).toMatchObject({ color: clusterColor(0), borderWidth: 0 })
    expect(eighth!.itemStyle).toMatchObject({ color: '#ffffff', borderColor: clusterColor(0) })
  })
})

describe('theme colours', () => {
  const dark = { ...LIGHT_CHART_COLORS, surface: '#1d2025', grid: '#2a2e35', border: '#343941', text: '#e7e9ec' }

  it('fills outlined markers with the chart background of the theme, keeping the cluster ring', () => {
    const [, eighth] = scatterSeries(bucketPoints({ x: [0, 1], y: [0, 1], labels: [2, 2], groups: [0, 7] }, new Set(), new Set(), 14), 6, dark)
    expect(eighth!.itemStyle).toMatchObject({ color: '#1d2025', borderColor: clusterColor(2) })
  })

  it('draws grid lines and the tooltip in the theme colours', () => {
    const base = scatterBase([0, 1], [0, 1], dark)
    expect(base.xAxis).toMatchObject({ splitLine: { lineStyle: { color: '#2a2e35' } } })
    expect(base.yAxis).toMatchObject({ splitLine: { lineStyle: { color: '#2a2e35' } } })
    expect(base.tooltip).toMatchObject({ borderColor: '#343941', backgroundColor: '#1d2025', textStyle: { color: '#e7e9ec' } })
    expect(scatterBase([0, 1], [0, 1]).xAxis).toMatchObject({ splitLine: { lineStyle: { color: LIGHT_CHART_COLORS.grid } } })
  })
})
