/**
 * Near-duplicate search on the product path. A folder is generated: `--size` distinct originals
 * (half the benchmark's drawn shapes, half random colour textures, every one its own drawing) and,
 * for one original in five, one or two planted near copies: resized (50–150 %), saved as JPEG
 * (quality 30–90) and, each with even odds, cropped (up to 10 % of the width and of the height),
 * turned (up to 5° either way, the original size cut from the middle) and brightened or darkened
 * (up to ±15 %). The folder is imported with the app's import service and searched with the app's
 * duplicates job at its defaults, as a user who changes nothing would.
 *
 * Quality is pairwise: a pair of images is "true" when they are an original and its planted copy
 * or two copies of one original; "found" when the search put both in one group. precision =
 * found ∩ true / found, recall = found ∩ true / true. `seconds_per_10k` is the search job's time
 * (the hash and the colour copies computed from the files, then the index, the check and the
 * groups) per 10,000 images.
 * Extra rows (`path: "tuned"`) give the same measures for other hash thresholds and correlations on the same features.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import sharp from 'sharp'
import { checkDuplicatesRequest, createDuplicatesJob } from '../src/main/app/duplicates-service'
import { createImportJob } from '../src/main/app/import-service'
import { Library } from '../src/main/app/library'
import { launchDuplicates, launchImport } from '../src/main/app/services'
import { duplicateGroups, pairsWithinBrute, pearson, poolHalf, type PackedHashes } from '../src/main/engine/duplicates'
import { packBits } from '../src/main/engine/features/phash'
import { writeShapes } from './datasets/shapes'
import { forEachLimit, machine, progress, progressCounter, removeDir, round, seededRandom, subSeed, tempDir, type BenchArgs } from './harness'

type Random = () => number
const EDITS = new Map<string, string>()

/** A random colour texture: a two-colour gradient under a few soft blobs, with grain. */
async function texture(random: Random): Promise<Buffer> {
  const width = 160 + Math.floor(random() * 320)
  const height = 160 + Math.floor(random() * 240)
  const rgb = (): number[] => [random() * 255, random() * 255, random() * 255]
  const [a, b] = [rgb(), rgb()]
  const blobs = Array.from({ length: 3 + Math.floor(random() * 5) }, () => ({
    x: random() * width, y: random() * height, r: (0.08 + random() * 0.3) * Math.min(width, height), c: rgb(), w: 0.5 + random() * 0.5
  }))
  const data = Buffer.alloc(width * height * 3)
  const angle = random() * Math.PI * 2
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const t = Math.min(1, Math.max(0, 0.5 + ((x / width - 0.5) * Math.cos(angle) + (y / height - 0.5) * Math.sin(angle))))
      const px = [0, 1, 2].map((c) => a[c]! * (1 - t) + b[c]! * t)
      for (const blob of blobs) {
        const k = blob.w * Math.exp(-((x - blob.x) ** 2 + (y - blob.y) ** 2) / (2 * blob.r * blob.r))
        for (let c = 0; c < 3; c++) px[c] = px[c]! * (1 - k) + blob.c[c]! * k
      }
      for (let c = 0; c < 3; c++) data[(y * width + x) * 3 + c] = Math.max(0, Math.min(255, Math.round(px[c]! + (random() - 0.5) * 16)))
    }
  }
  const image = sharp(data, { raw: { width, height, channels: 3 } })
  return random() < 0.5 ? image.png().toBuffer() : image.jpeg({ quality: 85 }).toBuffer()
}

/** What was done to make a copy, for the progress lines. */
interface Planted {
  buffer: Buffer
  edits: string[]
}

async function nearCopy(src: Buffer, random: Random): Promise<Planted> {
  const edits: string[] = []
  let buf = src
  const size = async (b: Buffer): Promise<{ width: number; height: number }> => {
    const m = await sharp(b).metadata()
    return { width: m.width!, height: m.height! }
  }
  if (random() < 0.5) {
    const { width, height } = await size(buf)
    const cw = Math.floor(width * random() * 0.1)
    const ch = Math.floor(height * random() * 0.1)
    const left = Math.floor(cw * random())
    const top = Math.floor(ch * random())
    buf = await sharp(buf).extract({ left, top, width: width - cw, height: height - ch }).png().toBuffer()
    edits.push('crop')
  }
  if (random() < 0.5) {
    const { width, height } = await size(buf)
    const angle = (random() * 2 - 1) * 5
    const turned = await sharp(buf).rotate(angle, { background: { r: 128, g: 128, b: 128 } }).png().toBuffer()
    const t = await size(turned)
    buf = await sharp(turned).extract({ left: Math.floor((t.width - width) / 2), top: Math.floor((t.height - height) / 2), width, height }).png().toBuffer()
    edits.push('turn')
  }
  if (random() < 0.5) {
    buf = await sharp(buf).modulate({ brightness: 0.85 + random() * 0.3 }).png().toBuffer()
    edits.push('brightness')
  }
  const { width } = await size(buf)
  const scale = 0.5 + random()
  buf = await sharp(buf).resize({ width: Math.max(16, Math.round(width * scale)) }).jpeg({ quality: 30 + Math.floor(random() * 61) }).toBuffer()
  edits.push('resize', 'jpeg')
  return { buffer: buf, edits }
}

/** Writes the folder; returns each file's planted group (its original's path), by path relative to `dir`. */
async function writeFolder(dir: string, originals: number, seed: number): Promise<Map<string, string>> {
  const shapes = Math.floor(originals / 2)
  await writeShapes(join(dir, 'shapes'), shapes, seed, 4)
  await mkdir(join(dir, 'textures'), { recursive: true })
  const counter = progressCounter('drawing textures', originals - shapes)
  await forEachLimit(Array.from({ length: originals - shapes }, (_, i) => i), 4, async (i) => {
    const buf = await texture(seededRandom(subSeed(seed + 31, i)))
    const png = buf[0] === 0x89
    await writeFile(join(dir, 'textures', `${String(i).padStart(5, '0')}.${png ? 'png' : 'jpg'}`), buf)
    counter.tick()
  })
  const { readdir } = await import('node:fs/promises')
  const files: string[] = []
  for (const sub of ['shapes', 'textures']) {
    for (const e of await readdir(join(dir, sub), { withFileTypes: true, recursive: true })) if (e.isFile()) files.push(join(e.parentPath, e.name).slice(dir.length + 1))
  }
  files.sort()
  const groupOf = new Map(files.map((f) => [f, f]))
  const random = seededRandom(seed + 97)
  const chosen = files.filter(() => random() < 0.2)
  await mkdir(join(dir, 'copies'), { recursive: true })
  const plantCounter = progressCounter('planting near copies', chosen.length)
  await forEachLimit(chosen, 4, async (file, i) => {
    const r = seededRandom(subSeed(seed + 211, i))
    const copies = 1 + (r() < 0.5 ? 1 : 0)
    for (let c = 0; c < copies; c++) {
      const { buffer, edits } = await nearCopy(await readFile(join(dir, file)), r)
      const name = join('copies', `${String(i).padStart(5, '0')}-${c}.jpg`)
      EDITS.set(name, edits.join('+'))
      await writeFile(join(dir, name), buffer)
      groupOf.set(name, file)
    }
    plantCounter.tick()
  })
  return groupOf
}

interface Quality {
  precision: number
  recall: number
  foundPairs: number
  truePairs: number
}

function quality(groups: readonly string[][], truth: Map<string, string>): Quality {
  let found = 0
  let correct = 0
  for (const g of groups) {
    found += (g.length * (g.length - 1)) / 2
    const counts = new Map<string, number>()
    for (const p of g) counts.set(truth.get(p)!, (counts.get(truth.get(p)!) ?? 0) + 1)
    for (const n of counts.values()) correct += (n * (n - 1)) / 2
  }
  const sizes = new Map<string, number>()
  for (const g of truth.values()) sizes.set(g, (sizes.get(g) ?? 0) + 1)
  let truePairs = 0
  for (const n of sizes.values()) truePairs += (n * (n - 1)) / 2
  return { precision: found === 0 ? 1 : correct / found, recall: truePairs === 0 ? 1 : correct / truePairs, foundPairs: found, truePairs }
}

export async function run(args: BenchArgs): Promise<Record<string, unknown>> {
  const originals = args.size ?? 2000
  const dir = await tempDir('duplicates')
  const folder = join(dir, 'images')
  const lib = new Library(join(dir, 'library.sqlite'), { workers: args.workers, thumbnailDir: join(dir, 'thumbnails') })
  try {
    progress(`writing ${originals} originals and their planted copies to ${folder}`)
    const truth = await writeFolder(folder, originals, args.seed)
    const plantedGroups = new Set([...truth.entries()].filter(([p, g]) => p !== g).map(([, g]) => g)).size
    const imported = await launchImport(lib, createImportJob(lib, folder, false))
    if (imported.state !== 'done' || !imported.result) throw new Error(`The import ${imported.state}: ${imported.error?.message ?? ''}`)
    const datasetId = imported.result.datasetId
    const t0 = performance.now()
    const job = await launchDuplicates(lib, createDuplicatesJob(lib, lib.datasets.get(datasetId)!, checkDuplicatesRequest(lib, { datasetId })))
    const seconds = (performance.now() - t0) / 1000
    if (job.state !== 'done' || !job.result) throw new Error(`${job.title} ${job.state}: ${job.error?.message ?? ''}`)
    const result = job.result
    const q = quality(result.groups.map((g) => g.members.map((m) => m.relPath)), truth)
    progress(`${result.images} images, ${result.groups.length} groups found (${plantedGroups} planted), precision ${round(q.precision, 4)}, recall ${round(q.recall, 4)}, ${round(seconds, 1)} s`)
    const grouped = new Set(result.groups.flatMap((g) => g.members.map((m) => m.relPath)))
    const missed = [...truth.entries()].filter(([p, g]) => p !== g && !grouped.has(p))
    for (const [p, g] of missed.slice(0, 30)) progress(`missed ${p} (${EDITS.get(p)}) of ${g}`)
    // The same features at other thresholds, to show how the default sits.
    const tuned = tunedRows(lib, datasetId, truth)
    return {
      path: 'product', images: result.images, planted_groups: plantedGroups, precision: round(q.precision, 4), recall: round(q.recall, 4),
      seconds_per_10k: round((seconds * 10000) / result.images, 1), threshold: result.threshold, confirm_correlation: result.confirmCorrelation,
      found_groups: result.groups.length, found_pairs: q.foundPairs, true_pairs: q.truePairs, seconds: round(seconds, 2),
      results: tuned, ...machine()
    }
  } finally {
    await lib.close()
    await removeDir(dir)
  }
}

function tunedRows(lib: Library, datasetId: number, truth: Map<string, string>): Record<string, unknown>[] {
  const paths = new Map((lib.db.prepare('SELECT id, rel_path AS p FROM items WHERE dataset_id = ?').all(datasetId) as { id: number; p: string }[]).map((r) => [r.id, r.p]))
  const sets = lib.featureSets.list(datasetId)
  const dct = lib.featureSets.loadMatrix(sets.find((s) => s.method === 'phash' && s.params.kind === 'dct')!.id)
  const colour = lib.featureSets.loadMatrix(sets.find((s) => s.method === 'pixels' && s.params.size === 16)!.id)
  if (dct.rows !== colour.rows) throw new Error('The two feature sets cover different images.')
  const hashes: PackedHashes = { data: packBits(dct.data, dct.rows, dct.cols), count: dct.rows, bits: dct.cols }
  const pooled = poolHalf(colour.data, colour.rows, 16)
  const all = pairsWithinBrute(hashes, 28).map((p) => ({ ...p, c: pearson(pooled, 192, p.a, p.b) }))
  const rows: Record<string, unknown>[] = []
  for (const t of [10, 14, 18, 22, 26, 28]) {
    for (const c of [0, 0.85, 0.9, 0.92, 0.94, 0.96]) {
      const pairs = all.filter((p) => p.distance <= t && p.c >= c)
      const groups = duplicateGroups(hashes.count, pairs).map((g) => g.members.map((i) => paths.get(dct.itemIds[i]!)!))
      const q = quality(groups, truth)
      rows.push({ path: 'tuned', threshold: t, confirm_correlation: c, precision: round(q.precision, 4), recall: round(q.recall, 4) })
    }
  }
  progress(`tuned (threshold/correlation: precision/recall): ${rows.map((r) => `${r.threshold}/${r.confirm_correlation}: ${r.precision}/${r.recall}`).join(', ')}`)
  return rows
}
