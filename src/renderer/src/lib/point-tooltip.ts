import { groupLabel } from './format'

/** The tooltip's second line: the cluster, then the folder the item came from, named as a folder. */
export function pointWhere(cluster: string, group: string | undefined): string {
  return group ? `${cluster} · folder ${group}` : `${cluster} · ${groupLabel(group)}`
}

/**
 * The map's tooltip for one point, built as elements rather than an HTML string: names need no
 * escaping, and a thumbnail that cannot load (vector datasets may have none) is simply left out.
 */
export function pointTooltip(thumbnailSrc: string, name: string, where: string): HTMLElement {
  const tip = document.createElement('div')
  tip.className = 'scatter-tip'
  tip.dataset['testid'] = 'scatter-tooltip'
  const img = document.createElement('img')
  img.alt = ''
  img.width = 112
  img.height = 112
  img.addEventListener('error', () => img.remove())
  img.src = thumbnailSrc
  const title = document.createElement('div')
  title.className = 'scatter-tip-name'
  title.textContent = name
  const line = document.createElement('div')
  line.className = 'scatter-tip-where'
  line.textContent = where
  tip.append(img, title, line)
  return tip
}
