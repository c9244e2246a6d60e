/**
 * The colours the charts draw their frame with (grid lines, text, tooltip, the fill of outlined
 * markers), taken from app.css's custom properties so the canvas follows the light or dark theme
 * as the rest of the page does. Cluster colours come from the shared palette in either theme.
 */
export interface ChartColors {
  /** The chart's background: the inside of outlined markers. */
  surface: string
  text: string
  textMuted: string
  border: string
  grid: string
  line: string
  chosen: string
  other: string
}

/** app.css's light values: what the charts use where no style can be read. */
export const LIGHT_CHART_COLORS: ChartColors = {
  surface: '#ffffff',
  text: '#1b1f24',
  textMuted: '#5c6470',
  border: '#dfe2e7',
  grid: '#eef0f3',
  line: '#2f5bd3',
  chosen: '#d1343a',
  other: '#b86e00'
}

const PROPERTIES: Record<keyof ChartColors, string> = {
  surface: '--surface',
  text: '--text',
  textMuted: '--text-muted',
  border: '--border',
  grid: '--chart-grid',
  line: '--chart-line',
  chosen: '--chart-chosen',
  other: '--chart-other'
}

/** The colours as `read` (a custom property's value, or '') gives them; blanks keep the light ones. */
export function chartColorsFrom(read: (property: string) => string): ChartColors {
  const colors = { ...LIGHT_CHART_COLORS }
  for (const key of Object.keys(PROPERTIES) as (keyof ChartColors)[]) {
    const value = read(PROPERTIES[key]).trim()
    if (value) colors[key] = value
  }
  return colors
}

/** The colours of the theme showing now. */
export function currentChartColors(): ChartColors {
  const style = getComputedStyle(document.documentElement)
  return chartColorsFrom((property) => style.getPropertyValue(property))
}

/** Calls `onChange` whenever the system switches between light and dark; returns the unsubscribe. */
export function watchColorScheme(onChange: () => void): () => void {
  const query = matchMedia('(prefers-color-scheme: dark)')
  query.addEventListener('change', onChange)
  return () => query.removeEventListener('change', onChange)
}
