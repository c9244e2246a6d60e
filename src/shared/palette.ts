/** Cluster colours and names shared by the renderer and the reports. Constants and pure functions only. */

/** Distinguishable colours (Tableau 10, then Tableau 20's lighter tones); noise is grey. */
export const CLUSTER_COLORS = [
  '#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac',
  '#1f77b4', '#aec7e8', '#ff7f0e', '#ffbb78', '#2ca02c', '#98df8a', '#d62728', '#ff9896', '#9467bd', '#c5b0d5'
] as const

export const NOISE_COLOR = '#b8bcc6'

export function clusterColor(label: number): string {
  return label < 0 ? NOISE_COLOR : CLUSTER_COLORS[label % CLUSTER_COLORS.length]!
}

export function clusterName(label: number): string {
  return label < 0 ? 'Noise' : `Cluster ${label + 1}`
}

/** Marker shapes for groups (ECharts symbol names), repeated when there are more groups. */
export const GROUP_SYMBOLS = ['circle', 'rect', 'triangle', 'diamond', 'pin', 'arrow', 'roundRect'] as const

export function groupSymbol(index: number): string {
  return GROUP_SYMBOLS[index % GROUP_SYMBOLS.length]!
}
