import { describe, expect, it } from 'vitest'
import { chartColorsFrom, LIGHT_CHART_COLORS } from './chart-colors'

describe('chartColorsFrom', () => {
  it('reads each colour from its custom property, trimmed', () => {
    const values: Record<string, string> = { '--surface': ' #1d2025', '--chart-grid': '#2a2e35 ', '--text': 'rgb(231 233 236)' }
    const colors = chartColorsFrom((p) => values[p] ?? '')
    expect(colors.surface).toBe('#1d2025')
    expect(colors.grid).toBe('#2a2e35')
    expect(colors.text).toBe('rgb(231 233 236)')
  })

  it('keeps the light colours for properties that are blank or missing', () => {
    expect(chartColorsFrom(() => '')).toEqual(LIGHT_CHART_COLORS)
    expect(chartColorsFrom((p) => (p === '--chart-line' ? '   ' : '')).line).toBe(LIGHT_CHART_COLORS.line)
  })
})
