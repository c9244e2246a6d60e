import sharp from 'sharp'
import type { RunDetail } from '../../shared/contract'
import { clusterColor, clusterName } from '../../shared/palette'

/** Thumbnails per cluster in a report's montage. */
const MONTAGE = 16
const PLOT = 720

export interface ReportSources {
  /** A thumbnail's bytes and type, or null when it has none. */
  thumbnail(itemId: number): { body: Buffer; type: string } | null
  /** The path of an item as the user knows it. */
  path(itemId: number): string
  /** The parameters of the run's feature set and why the app chose them (null: a user did), when it still exists. */
  features?: (featureSetId: number) => { params: string; reason: string | null } | null
}

const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
const num = (v: number | null, digits = 3): string => (v === null || !Number.isFinite(v) ? '—' : v.toFixed(digits))

/** Algorithm names as users read them, not as the settings store them. */
const ALGORITHM_NAMES: Record<string, string> = { kmeans: 'K-Means', dbscan: 'DBSCAN', hdbscan: 'HDBSCAN' }
export const algorithmName = (algo: string): string => ALGORITHM_NAMES[algo] ?? algo

/** A date and time a reader takes in at a glance ("2 January 2025, 03:04 UTC"), in UTC so every reader sees the same. */
export function readableTime(iso: string): string {
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  const date = d.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' })
  const time = d.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', hour12: false, timeZone: 'UTC' })
  return `${date}, ${time} UTC`
}

/**
 * A metric as JSON carries it: full precision, but without the float noise of its sums
 * (1.0000000000000002 becomes 1), and scores bounded by ±1 clamped to that range.
 */
export function cleanMetric(v: number | null, bounded = false): number | null {
  if (v === null || !Number.isFinite(v)) return v
  const c = bounded ? Math.min(1, Math.max(-1, v)) : v
  return Number(c.toPrecision(12))
}

/** The 2-D layout drawn as a PNG: one dot per item, coloured by cluster, noise in grey. */
export async function scatterPng(run: RunDetail, size = PLOT): Promise<Buffer> {
  let minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity
  for (let i = 0; i < run.x.length; i++) {
    minX = Math.min(minX, run.x[i]!); maxX = Math.max(maxX, run.x[i]!)
    minY = Math.min(minY, run.y[i]!); maxY = Math.max(maxY, run.y[i]!)
  }
  const pad = 12
  const sx = (size - 2 * pad) / Math.max(1e-12, maxX - minX)
  const sy = (size - 2 * pad) / Math.max(1e-12, maxY - minY)
  const r = run.x.length > 20_000 ? 1 : run.x.length > 2_000 ? 1.6 : 2.5
  const dots: string[] = []
  for (let i = 0; i < run.x.length; i++) {
    const cx = (pad + (run.x[i]! - minX) * sx).toFixed(1)
    const cy = (size - pad - (run.y[i]! - minY) * sy).toFixed(1)
    dots.push(`<circle cx="${cx}" cy="${cy}" r="${r}" fill="${clusterColor(run.labels[i]!)}"/>`)
  }
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}"><rect width="100%" height="100%" fill="white"/><g fill-opacity="0.75">${dots.join('')}</g></svg>`
  return sharp(Buffer.from(svg)).png({ compressionLevel: 9 }).toBuffer()
}

/**
 * A report as one self-contained HTML file: settings, metrics, the scatter plot as an embedded
 * image, a montage and the file list of each cluster. It makes no request of its own.
 */
export async function htmlReport(run: RunDetail, sources: ReportSources): Promise<string> {
  const plot = (await scatterPng(run)).toString('base64')
  const members = new Map<number, number[]>()
  run.labels.forEach((l, i) => {
    const list = members.get(l) ?? []
    list.push(i)
    members.set(l, list)
  })
  const m = run.metrics
  const rows = (pairs: [string, string][]): string => pairs.map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(v)}</td></tr>`).join('')
  const settings = run.settings
  const cards = run.clusters.map((c) => {
    const idx = members.get(c.label) ?? []
    const thumbs = c.representatives.slice(0, MONTAGE).map((id) => {
      const t = sources.thumbnail(id)
      return t ? `<img alt="" src="data:${t.type};base64,${t.body.toString('base64')}">` : ''
    }).join('')
    const files = idx.map((i) => `<li>${esc(sources.path(run.itemIds[i]!))}</li>`).join('')
    return `<section class="cluster"><h3><span class="swatch" style="background:${clusterColor(c.label)}"></span>${esc(clusterName(c.label))}
      <small>${c.size} items · silhouette ${num(c.silhouette)}</small></h3>
      <div class="montage">${thumbs}</div>
      <details><summary>Files (${idx.length})</summary><ol>${files}</ol></details></section>`
  }).join('\n')
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
<title>Likeness report: ${esc(run.datasetName)}, run ${run.id}</title>
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:32px auto;max-width:980px;color:#1d2330;padding:0 16px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px}h3{font-size:15px;margin:0 0 8px;display:flex;gap:8px;align-items:center}
h3 small{color:#667;font-weight:normal}table{border-collapse:collapse}th,td{text-align:left;padding:3px 14px 3px 0;vertical-align:top}
th{color:#556;font-weight:600}.swatch{display:inline-block;width:12px;height:12px;border-radius:3px}
.cluster{border:1px solid #dde;border-radius:8px;padding:12px;margin:12px 0}.montage{display:flex;flex-wrap:wrap;gap:4px}
.montage img{width:64px;height:64px;object-fit:contain;background:#f3f4f7;border-radius:4px}ol{columns:3;font-size:12px}
.muted{color:#667}.map{display:flex;flex-wrap:wrap;gap:16px;align-items:flex-start}.map img{max-width:100%;height:auto}
.legend{list-style:none;margin:0;padding:0;font-size:13px}.legend li{display:flex;gap:6px;align-items:center;margin:2px 0}.grid{display:grid;grid-template-columns:1fr 1fr;gap:24px}
.warnings{border:1px solid #a45f00;background:#fff3dc;color:#7a4700;border-radius:8px;padding:8px 14px;margin:16px 0}.warnings ul{margin:4px 0 0;padding-left:18px}
</style></head><body>
<h1>${esc(run.datasetName)} — run ${run.id}</h1>
<p class="muted">${esc(run.featureLabel)} · ${run.n} items · ${run.nClusters} clusters · ${esc(readableTime(run.createdAt))}</p>
${warningsHtml(run.warnings)}
<div class="grid"><div><h2>Settings</h2><table>${rows(settings.sequences ? sequenceRows(run) : [
    ...featureRows(run, sources),
    ['Post-processing', settings.post || 'none'],
    ['Reduction', settings.reduce.method === 'umap' ? `UMAP (${settings.reduce.nNeighbors} neighbours, min_dist ${settings.reduce.minDist}, ${settings.reduce.metric}${settings.reduce.pcaBefore ? `, PCA to ${settings.reduce.pcaBefore} first` : ''})` : settings.reduce.method === 'pca' ? 'PCA' : 'none'],
    ['Clustering', `${algorithmName(settings.cluster.algo)} on the ${settings.cluster.on === 'reduced' ? `reduced coordinates (${settings.reduce.clusterDims}-D)` : 'features'}`],
    ...algorithmRows(run),
    ['Seed', String(settings.seed)]
  ])}</table></div>
<div><h2>Quality</h2><table>${rows([
    ['Silhouette', `${num(m.silhouette)}${m.silhouetteSampled ? ` (sample of ${m.silhouetteN})` : ''}`],
    ['Davies–Bouldin', num(m.daviesBouldin)], ['Calinski–Harabasz', num(m.calinskiHarabasz)],
    ['ACC (groups)', num(m.acc)], ['NMI (groups)', num(m.nmi)], ['ARI (groups)', num(m.ari)],
    ['Noise', `${(100 * run.noiseFraction).toFixed(1)} %`]
  ])}</table>${[m.internalSkipped, m.externalSkipped, ...run.notes].filter(Boolean).map((n) => `<p class="muted">${esc(n!)}</p>`).join('')}</div></div>
<h2>Map</h2><div class="map"><img alt="Scatter plot of the layout, coloured by cluster" width="${PLOT}" height="${PLOT}" src="data:image/png;base64,${plot}">
${legendHtml(run)}</div>
<h2>Clusters</h2>
${cards}
<p class="muted">Timings: ${Object.entries(run.timings).map(([k, v]) => `${esc(k)} ${v.toFixed(2)} s`).join(' · ')}</p>
</body></html>`
}

/** The map's key: each cluster's colour, name and size (noise last); the map draws every point as a dot. */
function legendHtml(run: RunDetail): string {
  const noise = run.labels.filter((l) => l < 0).length
  const entries = [...run.clusters.map((c) => ({ label: c.label, size: c.size })), ...(noise > 0 ? [{ label: -1, size: noise }] : [])]
  const items = entries.map((e) =>
    `<li><span class="swatch" style="background:${clusterColor(e.label)}"></span>${esc(clusterName(e.label))} <span class="muted">${e.size}</span></li>`
  ).join('')
  return `<ul class="legend" aria-label="Legend of the map">${items}</ul>`
}

function featureRows(run: RunDetail, sources: ReportSources): [string, string][] {
  const f = run.featureSetId === null ? null : (sources.features?.(run.featureSetId) ?? null)
  if (!f) return []
  return [['Features', `${run.featureLabel}: ${f.params}`], ...(f.reason ? [['Why these features', f.reason] as [string, string]] : [])]
}

/** A sequence run's settings: the chosen MinHash and banding, the distance limit and the clustering. */
function sequenceRows(run: RunDetail): [string, string][] {
  const s = run.settings.sequences!
  const c = run.chosen.sequences
  const auto = (given: number | 'auto', chosen: string | undefined): string => (given === 'auto' && chosen ? `${chosen} (auto)` : String(given))
  return [
    ['Measure', run.featureLabel],
    ['k-mer length', auto(s.k, c && String(c.k))],
    ['MinHash', c ? `${c.bands} bands of ${c.rows} rows, Jaccard target ${auto(s.jaccard, c.jaccard.toFixed(2))}` : String(s.jaccard)],
    ['Largest distance', `${s.maxDistance} of the longer length`],
    ['Clustering', s.method === 'components' ? 'connected components' : `DBSCAN, min samples ${s.minSamples}`],
    ...(c ? [['Pairs compared', `${c.pairsCompared} (${(100 * c.pairsFraction).toFixed(2)} % of all pairs)`] as [string, string]] : []),
    ['Seed', String(run.settings.seed)]
  ]
}

/** What a reader must not miss (all noise, one cluster), above everything else; nothing when all is well. */
function warningsHtml(warnings: readonly string[]): string {
  if (warnings.length === 0) return ''
  return `<div class="warnings" role="alert"><strong>Check this run</strong><ul>${warnings.map((w) => `<li>${esc(w)}</li>`).join('')}</ul></div>`
}

/** A minimum size as given, or the value "auto" chose. */
const sizeText = (given: number | 'auto', chosen: number | null | undefined): string =>
  given === 'auto' && chosen !== undefined && chosen !== null ? `${chosen} (auto)` : String(given)

/** The parameters of the run's own algorithm, with how the automatic ones were chosen and why. */
function algorithmRows(run: RunDetail): [string, string][] {
  const c = run.settings.cluster
  if (c.algo === 'kmeans') {
    const k = run.chosen.k
    if (!k) return [['k', String(c.k)]]
    const how = `chosen by silhouette${k.sampled ? ` on a sample of ${k.sampleSize}` : ''}`
    const rows: [string, string][] = [['k', `${k.k} (${how})`]]
    if (k.reason) rows.push(['Why this k', k.reason])
    if (k.alternatives && k.alternatives.length > 0) rows.push(['Other k worth a look', k.alternatives.join(', ')])
    return rows
  }
  const sizes = run.chosen.sizes
  const sizeRows: [string, string][] = []
  if (c.algo === 'hdbscan') sizeRows.push(['Min cluster size', sizeText(c.minClusterSize, sizes?.minClusterSize)])
  sizeRows.push(['Min samples', sizeText(c.minSamples, sizes?.minSamples)])
  if (sizes) sizeRows.push(['Why these sizes', sizes.reason])
  if (c.algo === 'dbscan') {
    const eps = run.chosen.eps
    const epsRows: [string, string][] = [['eps', eps ? `${eps.eps.toPrecision(4)} (knee of the k-distance curve)` : String(c.eps)]]
    if (eps?.reason) epsRows.push(['Why this eps', eps.reason])
    return [...epsRows, ...sizeRows]
  }
  return sizeRows
}

/**
 * item → cluster as CSV, with the path, group and layout coordinates: a plain table that every CSV
 * reader opens (the warnings are in the HTML and JSON reports; a noise row has cluster −1).
 */
export function csvReport(run: RunDetail, sources: ReportSources): string {
  const q = (s: string): string => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s)
  const lines = ['item_id,path,group,cluster,x,y']
  run.itemIds.forEach((id, i) => {
    lines.push([String(id), q(sources.path(id)), q(run.groups[run.itemGroups[i]!] ?? ''), String(run.labels[i]), String(run.x[i]), String(run.y[i])].join(','))
  })
  return `${lines.join('\n')}\n`
}

/** The run's summary (warnings first, then settings, metrics and how "auto" chose) and every item. */
export function jsonReport(run: RunDetail, sources: ReportSources): string {
  const { itemIds, names: _names, x, y, labels, itemGroups, groups, warnings, ...summary } = run
  const features = summary.featureSetId === null ? null : (sources.features?.(summary.featureSetId) ?? null)
  const m = summary.metrics
  const metrics = {
    ...m,
    silhouette: cleanMetric(m.silhouette, true), daviesBouldin: cleanMetric(m.daviesBouldin),
    calinskiHarabasz: cleanMetric(m.calinskiHarabasz), acc: cleanMetric(m.acc, true),
    nmi: cleanMetric(m.nmi, true), ari: cleanMetric(m.ari, true),
    silhouetteByCluster: m.silhouetteByCluster.map((s) => ({ ...s, mean: cleanMetric(s.mean, true) ?? s.mean }))
  }
  const clusters = summary.clusters.map((c) => ({ ...c, silhouette: cleanMetric(c.silhouette, true) }))
  return JSON.stringify({
    warnings,
    ...summary,
    metrics,
    clusters,
    ...(features && { featureParams: features.params, featureReason: features.reason }),
    items: itemIds.map((id, i) => ({ id, path: sources.path(id), group: groups[itemGroups[i]!] ?? '', cluster: labels[i], x: x[i], y: y[i] }))
  }, null, 1)
}
