import { readThumbnail, thumbnailFileForRequest } from './thumbnails'
import { csvReport, htmlReport, jsonReport, type ReportSources } from './report'
import { runDetail } from './runs-service'
import type { ReportFormat } from '../../shared/contract'
import type { Library } from './library'

export function reportSources(lib: Library): ReportSources {
  const pathOf = lib.db.prepare('SELECT rel_path FROM items WHERE id = ?').pluck()
  return {
    thumbnail: (id) => {
      const file = thumbnailFileForRequest(String(id), (n) => lib.items.thumbnailHash(n), lib.thumbnailDir)
      return file ? readThumbnail(file) : null
    },
    path: (id) => (pathOf.get(id) as string | undefined) ?? `(removed item ${id})`,
    features: (setId) => {
      const set = lib.featureSets.get(setId)
      if (!set) return null
      const params = Object.entries(set.params).map(([k, v]) => `${k} ${String(v)}`).join(' · ')
      return { params: `${params || 'as imported'}${set.post ? ` + ${set.post}` : ''}`, reason: set.reason }
    }
  }
}

/** A report of a run in one format; PDF needs the desktop app's printer. */
export async function reportOf(
  lib: Library, id: number, format: ReportFormat, savePdf?: (html: string, name: string) => Promise<string | null>
): Promise<{ fileName: string; text: string | null; savedPath: string | null }> {
  const run = runDetail(lib, id)
  const base = `likeness-${run.datasetName.replace(/[^\w.-]+/g, '_')}-run-${run.id}`
  const sources = reportSources(lib)
  if (format === 'csv') return { fileName: `${base}.csv`, text: csvReport(run, sources), savedPath: null }
  if (format === 'json') return { fileName: `${base}.json`, text: jsonReport(run, sources), savedPath: null }
  const html = await htmlReport(run, sources)
  if (format === 'html') return { fileName: `${base}.html`, text: html, savedPath: null }
  if (!savePdf) throw new Error('PDF export needs the desktop app: save the HTML report and print it to PDF from your browser.')
  return { fileName: `${base}.pdf`, text: null, savedPath: await savePdf(html, `${base}.pdf`) }
}
