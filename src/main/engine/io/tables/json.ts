import { TableReadError } from './errors'
import { type VectorTable, defaultIds, numberedColumns } from './vector-table'

const VECTOR_KEYS = ['vector', 'features', 'values'] as const
const LABEL_KEYS = ['label', 'group', 'class'] as const

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

function describe(v: unknown): string {
  if (v === null) return 'null'
  if (Array.isArray(v)) return 'a list'
  if (typeof v === 'string') return `the string ${JSON.stringify(v.slice(0, 30))}`
  return typeof v === 'object' ? 'an object' : String(v)
}

/**
 * Reads vectors from JSON in one of three shapes:
 *   [[1, 2], [3, 4]]
 *   [{"id": "a", "label": "cat", "vector": [1, 2]}, …]  (or "features"/"values"; "group"/"class")
 *   {"vectors": [[1, 2], …], "labels": […], "ids": […]}
 * Errors name the entry by its JSON path, counting from 0 as JSON does: `[3].vector[2]`.
 */
export function readJsonVectors(input: string): VectorTable {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input
  let doc: unknown
  try {
    doc = JSON.parse(text)
  } catch (e) {
    throw new TableReadError(`The file is not valid JSON (${(e as Error).message}). Fix the syntax, or save the vectors as CSV.`)
  }
  if (Array.isArray(doc)) return doc.length > 0 && isRecord(doc[0]) ? fromEntries(doc) : fromColumns(doc, null, null, '')
  if (isRecord(doc) && Array.isArray(doc.vectors)) {
    return fromColumns(doc.vectors, listOrNull(doc.labels, 'labels'), listOrNull(doc.ids, 'ids'), 'vectors')
  }
  throw new TableReadError(
    'The JSON holds no list of vectors. Give a list of number lists, a list of {"vector": […], "label": …} entries, or {"vectors": [[…]], "labels": […]}.'
  )
}

function listOrNull(v: unknown, key: string): string[] | null {
  if (v === undefined || v === null) return null
  if (!Array.isArray(v)) throw new TableReadError(`"${key}" is ${describe(v)}, not a list. Give one ${key.slice(0, -1)} per vector.`)
  return v.map((x, i) => scalar(x, `${key}[${i}]`))
}

function scalar(v: unknown, path: string): string {
  if (typeof v === 'string') return v
  if (typeof v === 'number' || typeof v === 'boolean') return String(v)
  throw new TableReadError(`${path} is ${describe(v)}; ids and labels must be strings or numbers.`)
}

function fromColumns(vectors: unknown[], labels: string[] | null, ids: string[] | null, key: string): VectorTable {
  const b = new Builder(vectors.length)
  vectors.forEach((v, i) => b.add(v, `${key}[${i}]`))
  const rows = vectors.length
  for (const [name, list] of [['labels', labels], ['ids', ids]] as const) {
    if (list && list.length !== rows) {
      throw new TableReadError(`"${name}" has ${list.length} entries but there are ${rows} vectors. Give exactly one per vector.`)
    }
  }
  return b.table(ids ?? defaultIds(rows), labels, labels ? 'labels' : null)
}

function fromEntries(entries: unknown[]): VectorTable {
  const b = new Builder(entries.length)
  const ids: string[] = []
  const labels: string[] = []
  const labelKey = LABEL_KEYS.find((k) => entries.some((e) => isRecord(e) && e[k] !== undefined)) ?? null
  entries.forEach((entry, i) => {
    if (!isRecord(entry)) throw new TableReadError(`[${i}] is ${describe(entry)}, but the first entry is an object. Make every entry an object with a "vector".`)
    const key = VECTOR_KEYS.find((k) => entry[k] !== undefined)
    if (!key) throw new TableReadError(`[${i}] has no "vector" (or "features", "values") key. Give every entry its numbers.`)
    b.add(entry[key], `[${i}].${key}`)
    ids.push(entry.id === undefined ? `row ${i + 1}` : scalar(entry.id, `[${i}].id`))
    if (labelKey) {
      if (entry[labelKey] === undefined) throw new TableReadError(`[${i}] has no "${labelKey}" although other entries have one. Label every entry or none.`)
      labels.push(scalar(entry[labelKey], `[${i}].${labelKey}`))
    }
  })
  return b.table(ids, labelKey ? labels : null, labelKey)
}

/** Collects equal-length numeric vectors into one Float32 matrix. */
class Builder {
  private data = new Float32Array(0)
  private width = -1
  private filled = 0

  constructor(private readonly rows: number) {}

  add(v: unknown, path: string): void {
    if (!Array.isArray(v)) throw new TableReadError(`${path} is ${describe(v)}, not a list of numbers.`)
    if (v.length === 0) throw new TableReadError(`${path} is empty. Every vector needs at least one number.`)
    if (this.width < 0) {
      this.width = v.length
      this.data = new Float32Array(this.rows * this.width)
    }
    if (v.length !== this.width) {
      throw new TableReadError(`${path} has ${v.length} numbers but the first vector has ${this.width}. Give every vector the same length.`)
    }
    for (let k = 0; k < v.length; k++) {
      const x: unknown = v[k]
      if (typeof x !== 'number' || !Number.isFinite(Math.fround(x))) {
        throw new TableReadError(`${path}[${k}] is ${describe(x)}, not a finite number. Replace it, or remove the vector.`)
      }
      this.data[this.filled++] = x
    }
  }

  table(ids: string[], labels: string[] | null, labelColumn: string | null): VectorTable {
    if (this.width < 0) throw new TableReadError('The JSON list of vectors is empty. Add at least one vector.')
    const { rows, width: cols, data } = this
    return { ids, labels, columns: numberedColumns(cols), rows, cols, data, hadHeader: false, labelColumn }
  }
}
