import type { ReportFormat } from '../../../shared/contract'

const TYPES: Record<Exclude<ReportFormat, 'pdf'>, string> = {
  html: 'text/html;charset=utf-8',
  csv: 'text/csv;charset=utf-8',
  json: 'application/json;charset=utf-8'
}

/**
 * Hands text to the browser as a file download. Works the same in the desktop app and a browser
 * tab, and needs no file-system access in the renderer.
 */
export function saveText(fileName: string, text: string, format: Exclude<ReportFormat, 'pdf'>): void {
  const url = URL.createObjectURL(new Blob([text], { type: TYPES[format] }))
  const link = document.createElement('a')
  link.href = url
  link.download = fileName
  link.hidden = true
  document.body.append(link)
  link.click()
  link.remove()
  // The download has taken its copy by the time the click returns in Chromium; a delay is cheap insurance.
  setTimeout(() => URL.revokeObjectURL(url), 30_000)
}
