import type { ItemDetail } from '../../../shared/contract'
import { clusterName } from '../../../shared/palette'
import { groupLabel } from './format'

const UNITS = ['KB', 'MB', 'GB', 'TB']

/** "812 bytes", "45.2 KB", "3.1 MB": powers of 1024, as file managers on Linux and Windows count. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} ${n === 1 ? 'byte' : 'bytes'}`
  let value = n / 1024
  let unit = 0
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024
    unit++
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${UNITS[unit]}`
}

/** The label and value lines of the viewer's details, in the order shown. */
export function detailRows(detail: ItemDetail, cluster: number | null): { key: string; label: string; value: string }[] {
  const rows = [
    { key: 'path', label: 'File', value: detail.absPath ?? detail.relPath },
    { key: 'group', label: 'Folder', value: groupLabel(detail.group) },
    { key: 'size', label: 'File size', value: formatBytes(detail.size) },
    {
      key: 'dimensions',
      label: 'Dimensions',
      value: detail.width !== null && detail.height !== null ? `${detail.width} × ${detail.height} px` : 'Unknown'
    },
    { key: 'format', label: 'Format', value: detail.format ? detail.format.toUpperCase() : 'Unknown' }
  ]
  if (cluster !== null) rows.push({ key: 'cluster', label: 'Cluster', value: clusterName(cluster) })
  return rows
}
