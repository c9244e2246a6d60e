/**
 * The hand edits of a run's clusters as pure functions over a label array: an edit is first
 * resolved against the current state into what it changes (rows' labels before and after, cluster
 * metadata before and after), and that record is all that applying, undoing and redoing need. So a
 * split's k-means runs once, when it is asked for, and Redo gives back exactly the same clusters.
 */
import { OUTLIER_LABEL, type ClusterMeta, type EditOp, type EditedCluster } from '../../shared/types/edits'

export interface ClusterState {
  /** Cluster of each row of the run. */
  labels: Int32Array
  meta: Map<number, ClusterMeta>
}

export interface MetaChange {
  cluster: number
  before: ClusterMeta | null
  after: ClusterMeta | null
}

/** What an edit changed: enough to do it again and to take it back. */
export interface RecordedEdit {
  op: EditOp
  description: string
  rows: number[]
  before: number[]
  after: number[]
  meta: MetaChange[]
}

export class EditError extends Error {
  override name = 'invalid-input'
}

/** What resolving an edit needs besides the state. */
export interface ResolveContext {
  /** Row of an item id in the run, or undefined when the run does not hold it. */
  rowOf: (itemId: number) => number | undefined
  /** A split's sub-cluster of each member (in row order), 0 … m − 1, computed by the caller. */
  split?: Int32Array
}

export const EMPTY_META: ClusterMeta = { name: '', colour: null, notes: '' }

/** How a description names a cluster: its name when it has one, else the number the cards show. */
export function clusterTitle(label: number, meta: ClusterMeta | null | undefined): string {
  if (meta?.name) return `“${meta.name}”`
  return label === OUTLIER_LABEL ? 'the outliers' : String(label + 1)
}

export function membersOf(labels: Int32Array, cluster: number): number[] {
  const rows: number[] = []
  labels.forEach((l, i) => {
    if (l === cluster) rows.push(i)
  })
  return rows
}

/** A label no cluster has used yet, so that a new cluster never inherits an old one's name. */
export function nextLabel(state: ClusterState): number {
  let max = -1
  for (const l of state.labels) if (l > max) max = l
  for (const c of state.meta.keys()) if (c > max) max = c
  return max + 1
}

function listed(titles: string[]): string {
  return titles.length <= 1 ? titles.join('') : `${titles.slice(0, -1).join(', ')} and ${titles.at(-1)!}`
}

const images = (n: number): string => `${n.toLocaleString('en')} image${n === 1 ? '' : 's'}`

/** Checks an edit against the state and works out what it changes; throws EditError when it cannot apply. */
export function resolveEdit(state: ClusterState, op: EditOp, ctx: ResolveContext): RecordedEdit {
  const { labels, meta } = state
  const present = new Set(labels)
  const title = (c: number): string => clusterTitle(c, meta.get(c))
  const mustExist = (c: number): void => {
    if (!present.has(c)) throw new EditError(`There is no cluster ${c + 1} in this run any more; reload the run and try again.`)
  }
  const record = (description: string, rows: number[], after: number[], metaChanges: MetaChange[] = []): RecordedEdit => {
    return { op, description, rows, before: rows.map((r) => labels[r]!), after, meta: metaChanges }
  }
  switch (op.kind) {
    case 'rename': {
      mustExist(op.cluster)
      const before = meta.get(op.cluster) ?? null
      const base = before ?? EMPTY_META
      const after: ClusterMeta = {
        name: op.name === undefined ? base.name : op.name.trim(),
        colour: op.colour === undefined ? base.colour : op.colour,
        notes: op.notes === undefined ? base.notes : op.notes
      }
      let what = `Changed the ${after.colour !== base.colour ? 'colour' : 'notes'} of ${title(op.cluster)}`
      if (after.name !== base.name && !after.name) what = `Removed the name of ${title(op.cluster)}`
      else if (after.name !== base.name) what = base.name ? `Renamed ${title(op.cluster)} to “${after.name}”` : `Named cluster ${op.cluster + 1} “${after.name}”`
      return record(what, [], [], [{ cluster: op.cluster, before, after }])
    }
    case 'merge': {
      const clusters = [...new Set(op.clusters)]
      if (clusters.length < 2) throw new EditError('Choose at least two different clusters to merge.')
      if (clusters.includes(OUTLIER_LABEL)) throw new EditError('The outliers cannot be merged; move the images you want out of them instead.')
      clusters.forEach(mustExist)
      const [into, ...others] = clusters as [number, ...number[]]
      const from = new Set(others)
      const rows: number[] = []
      labels.forEach((l, i) => {
        if (from.has(l)) rows.push(i)
      })
      const metaChanges: MetaChange[] = []
      const named = others.find((c) => meta.get(c)?.name)
      // A merge into an unnamed cluster keeps the first name among those merged, so no label is lost.
      if (!meta.get(into)?.name && named !== undefined) metaChanges.push({ cluster: into, before: meta.get(into) ?? null, after: { ...meta.get(named)! } })
      return record(`Merged ${listed(clusters.map(title))} into ${title(into)}`, rows, rows.map(() => into), metaChanges)
    }
    case 'split': {
      if (op.cluster === OUTLIER_LABEL) throw new EditError('The outliers cannot be split: they belong to no cluster.')
      mustExist(op.cluster)
      const rows = membersOf(labels, op.cluster)
      const sub = ctx.split
      if (!sub || sub.length !== rows.length) throw new EditError('The split has no sub-clusters for the members of this cluster.')
      const first = nextLabel(state)
      const ids = new Map<number, number>()
      // The largest part keeps the cluster's label (and name); the others become new clusters.
      const sizes = new Map<number, number>()
      for (const s of sub) sizes.set(s, (sizes.get(s) ?? 0) + 1)
      const parts = [...sizes.keys()].sort((a, b) => sizes.get(b)! - sizes.get(a)! || a - b)
      parts.forEach((p, i) => ids.set(p, i === 0 ? op.cluster : first + i - 1))
      if (parts.length < 2) throw new EditError(`Cluster ${title(op.cluster)} could not be split: its images all fell into one part. Try a larger k.`)
      const newIds = parts.slice(1).map((p) => ids.get(p)!)
      const changed: number[] = []
      const after: number[] = []
      rows.forEach((r, i) => {
        const to = ids.get(sub[i]!)!
        if (to !== op.cluster) {
          changed.push(r)
          after.push(to)
        }
      })
      return record(`Split ${title(op.cluster)} into ${listed([op.cluster, ...newIds].map((c) => (c === op.cluster ? title(c) : String(c + 1))))}`, changed, after)
    }
    case 'move':
    case 'outliers':
    case 'new-cluster': {
      const to = op.kind === 'move' ? op.to : op.kind === 'outliers' ? OUTLIER_LABEL : nextLabel(state)
      if (op.kind === 'move' && to !== OUTLIER_LABEL) mustExist(to)
      const rows = rowsOf(op.items, ctx).filter((r) => labels[r] !== to)
      if (rows.length === 0) throw new EditError(op.kind === 'new-cluster' ? 'Select some images to make a cluster of.' : `The selected images are already in ${title(to)}.`)
      if (op.kind === 'move') return record(`Moved ${images(rows.length)} to ${title(to)}`, rows, rows.map(() => to))
      if (op.kind === 'outliers') return record(`Marked ${images(rows.length)} as outliers`, rows, rows.map(() => to))
      const name = op.name?.trim() ?? ''
      const metaChanges = name ? [{ cluster: to, before: meta.get(to) ?? null, after: { ...EMPTY_META, name } }] : []
      return record(`Made cluster ${name ? `“${name}”` : to + 1} from ${images(rows.length)}`, rows, rows.map(() => to), metaChanges)
    }
  }
}

function rowsOf(items: readonly number[], ctx: ResolveContext): number[] {
  const rows = new Set<number>()
  for (const id of items) {
    const row = ctx.rowOf(id)
    if (row === undefined) throw new EditError(`Image ${id} is not part of this run; reload the run and select again.`)
    rows.add(row)
  }
  return [...rows].sort((a, b) => a - b)
}

/** The state with the edit done; the given state is left as it was. */
export function applyEdit(state: ClusterState, edit: RecordedEdit): ClusterState {
  return change(state, edit.rows, edit.after, edit.meta.map((m) => [m.cluster, m.after]))
}

/** The state with the edit taken back; undoing what was just applied gives the state before it. */
export function undoEdit(state: ClusterState, edit: RecordedEdit): ClusterState {
  return change(state, edit.rows, edit.before, edit.meta.map((m) => [m.cluster, m.before]).reverse() as [number, ClusterMeta | null][])
}

function change(state: ClusterState, rows: number[], to: number[], meta: [number, ClusterMeta | null][]): ClusterState {
  const labels = state.labels.slice()
  rows.forEach((r, i) => (labels[r] = to[i]!))
  const next = new Map(state.meta)
  for (const [cluster, m] of meta) {
    if (m === null) next.delete(cluster)
    else next.set(cluster, m)
  }
  return { labels, meta: next }
}

/** The clusters of a state, in card order (noise and outliers last). */
export function clustersOf(state: ClusterState): EditedCluster[] {
  const sizes = new Map<number, number>()
  for (const l of state.labels) sizes.set(l, (sizes.get(l) ?? 0) + 1)
  return [...sizes.keys()]
    .sort((a, b) => (a < 0 ? 1 : b < 0 ? -1 : a - b))
    .map((label) => ({ label, size: sizes.get(label)!, meta: state.meta.get(label) ?? null }))
}

/** Rows whose cluster the user chose by hand (moved, marked, or made a cluster of). */
export function touchedRows(edits: readonly RecordedEdit[]): Set<number> {
  const rows = new Set<number>()
  for (const e of edits) if (e.op.kind === 'move' || e.op.kind === 'outliers' || e.op.kind === 'new-cluster') for (const r of e.rows) rows.add(r)
  return rows
}

/**
 * The label each row carries after the edits: the name of its cluster when the cluster is named;
 * an item the user placed by hand carries its cluster's name, or the cluster's number when it has
 * none ("outlier" for outliers); every other item has no label.
 */
export function rowLabels(state: ClusterState, touched: ReadonlySet<number>): (string | null)[] {
  return Array.from(state.labels, (l, row) => {
    const name = state.meta.get(l)?.name
    if (name) return name
    if (!touched.has(row)) return null
    return l === OUTLIER_LABEL ? 'outlier' : `Cluster ${l + 1}`
  })
}
