/**
 * `import`: end-to-end import speed through the app's own pipeline (scan, hash, decode, thumbnail,
 * SQLite) on two generated folders: N MNIST training digits as PNG in class sub-folders, and N/10
 * photo-sized 1024 × 768 JPEGs. Each is imported into a fresh library. Beside it, in the same run,
 * a plain one-thread sharp loop over the same files (read, decode, thumbnail to memory) is the
 * baseline that `*_efficiency` compares against: the share of the cores' raw decoding speed that
 * the whole pipeline keeps.
 */
import { mkdir, readFile, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import sharp from 'sharp'
import { imageAt, readMnist, type IdxImages } from '../scripts/mnist.mjs'
import { Library } from '../src/main/app/library'
import { createImportJob } from '../src/main/app/import-service'
import { launchImport } from '../src/main/app/services'
import { DEFAULT_DECODE_OPTIONS } from '../src/main/engine/io/decode'
import { FEATURE_METHODS } from '../src/main/engine/features'
import type { ImportSummary } from '../src/shared/contract'
import {
  RssSampler, cachedData, collectGarbage, dataDir, diskBytes, forEachLimit, machine, median, progress, progressCounter,
  removeDir, round, seededRandom, subSeed, tempDir, toMb, type BenchArgs
} from './harness'

const DEFAULT_SIZE = 10_000
const PHOTO_WIDTH = 1024
const PHOTO_HEIGHT = 768
/** Bump when the generated data changes, so caches made by an older version are redone. */
const DATA_VERSION = 1

export async function run(args: BenchArgs): Promise<Record<string, unknown>> {
  const size = args.size ?? DEFAULT_SIZE
  const jpegs = Math.max(1, Math.round(size / 10))
  const { cores, node } = machine()
  const workers = args.workers ?? cores
  // A run of a few seconds is noisy on a shared machine: take the median of three.
  const repeats = args.repeats ?? (size <= 2_000 ? 3 : 1)

  const digitsDir = join(await dataDir('import'), `digits-${size}`)
  const photosDir = join(await dataDir('import'), `photos-${jpegs}-seed${args.seed}`)
  const warmupDir = join(await dataDir('import'), 'warmup')
  const concurrency = Math.max(2, cores * 2)
  await cachedData(digitsDir, `digits v${DATA_VERSION} ${size}`, args.fresh, (dir) => writeDigits(dir, 'train', size, concurrency))
  const warmupCount = 4 * Math.max(16, cores)
  await cachedData(warmupDir, `warmup v${DATA_VERSION} ${warmupCount}`, args.fresh, (dir) => writeDigits(dir, 'test', warmupCount, concurrency))
  await cachedData(photosDir, `photos v${DATA_VERSION} ${jpegs} ${args.seed}`, args.fresh, (dir) => writePhotos(dir, jpegs, args.seed, concurrency))
  progress(`data ready: ${size} PNG digits (${round(toMb(await diskBytes(digitsDir)))} MB), ${jpegs} JPEG photos (${round(toMb(await diskBytes(photosDir)))} MB)`)

  collectGarbage()
  const rss = new RssSampler().start()
  const png = await timeImports('PNG digits', digitsDir, warmupDir, workers, repeats)
  const jpeg = await timeImports('JPEG photos', photosDir, warmupDir, workers, repeats)
  const peakRssMb = rss.stop()

  sharp.concurrency(1)
  sharp.cache(false)
  const pngBase = await baseline('PNG', digitsDir, Math.min(size, 1_000))
  const jpegBase = await baseline('JPEG', photosDir, Math.min(jpegs, 100))

  return {
    png_per_s: round(png.perSecond),
    jpeg_per_s: round(jpeg.perSecond),
    hog_per_s: round(hogPerSecond(size)),
    hog_note: 'hog_per_s is HOG alone on one thread, 28→128 resize included, reference settings; the timed imports compute the same HOG for every image (hog_vectors)',
    peak_rss_mb: round(peakRssMb),
    db_mb: round(png.dbMb, 2),
    db_checkpointed_mb: round(png.dbCheckpointedMb, 2),
    errors: png.summary.errors + jpeg.summary.errors,
    hog_vectors: png.hogVectors + jpeg.hogVectors,
    size,
    jpegs,
    workers,
    cores,
    node,
    repeats,
    png_seconds: png.runs.map((s) => round(s, 2)),
    png_rate_per_10k: png.rateTrace.rates,
    png_read_start_s: round(png.rateTrace.startSeconds, 2),
    jpeg_seconds: jpeg.runs.map((s) => round(s, 2)),
    partial: png.summary.partial + jpeg.summary.partial,
    thumbs_mb: round(png.thumbsMb + jpeg.thumbsMb),
    pool_start_s: round(png.poolStartSeconds, 2),
    baseline_png_per_s_one_thread: round(pngBase),
    baseline_jpeg_per_s_one_thread: round(jpegBase),
    png_efficiency: round(png.perSecond / (pngBase * Math.min(workers, cores)), 3),
    jpeg_efficiency: round(jpeg.perSecond / (jpegBase * Math.min(workers, cores)), 3)
  }
}

interface ImportTiming {
  perSecond: number
  runs: number[]
  summary: ImportSummary
  dbMb: number
  dbCheckpointedMb: number
  thumbsMb: number
  poolStartSeconds: number
  /** HOG vectors the import stored (one per readable image when HOG is in the pipeline). */
  hogVectors: number
  /**
   * Files a second over each stretch of TRACE_EVERY files of the timed import, and the seconds
   * before its files began to be read (the last run's).
   */
  rateTrace: { rates: number[]; startSeconds: number }
}

/** Files per stretch of the rate trace: a rate that falls as the library grows shows here. */
const TRACE_EVERY = 10_000

/**
 * Imports `root` into a fresh library `repeats` times; the median speed. The workers are started
 * (and sharp loaded in each) by a small warm-up import before the clock starts: a library starts
 * its pool once, and the benchmark measures importing, not starting.
 */
async function timeImports(label: string, root: string, warmupDir: string, workers: number, repeats: number): Promise<ImportTiming> {
  const runs: number[] = []
  let last: Omit<ImportTiming, 'perSecond' | 'runs' | 'rateTrace'> | null = null
  let rateTrace = { rates: [] as number[], startSeconds: 0 }
  for (let r = 0; r < repeats; r++) {
    const dir = await tempDir('import')
    const dbPath = join(dir, 'library.sqlite')
    const lib = new Library(dbPath, { workers, thumbnailDir: join(dir, 'thumbnails') })
    try {
      const w0 = performance.now()
      await importFolder(lib, warmupDir)
      const poolStartSeconds = (performance.now() - w0) / 1000
      progress(`${label}: import ${r + 1} of ${repeats}…`)
      const t0 = performance.now()
      const trace = traceRate(lib, label, t0)
      const summary = await importFolder(lib, root)
      const seconds = (performance.now() - t0) / 1000
      rateTrace = trace.stop()
      runs.push(seconds)
      progress(`${label}: ${summary.processed} files in ${seconds.toFixed(2)} s (${Math.round(summary.processed / seconds)}/s), ${summary.errors} errors`)
      const hogVectors = lib.featureSets.list(summary.datasetId).find((f) => f.method === 'hog')?.vectorCount ?? 0
      const dbMb = toMb((await diskBytes(dbPath)) + (await diskBytes(`${dbPath}-wal`)))
      // Most of a fresh library's WAL is pages that a checkpoint folds back; this is what stays.
      lib.db.pragma('wal_checkpoint(TRUNCATE)')
      const dbCheckpointedMb = toMb(await diskBytes(dbPath))
      last = { summary, dbMb, dbCheckpointedMb, thumbsMb: toMb(await diskBytes(join(dir, 'thumbnails'))), poolStartSeconds, hogVectors }
    } finally {
      await lib.close()
      await removeDir(dir)
    }
  }
  const seconds = median(runs)
  return { ...last!, perSecond: last!.summary.processed / seconds, runs, rateTrace }
}

/**
 * Follows an import's progress events and notes the rate of each stretch of TRACE_EVERY files,
 * printing it as it goes: a rate that falls as the library grows (a query that reads every earlier
 * item, say) shows as a falling trace. The stretches start when the files begin to be read; the
 * time before (scanning the folder, sampling image sizes) is `startSeconds`.
 */
function traceRate(lib: Library, label: string, t0: number): { stop: () => { rates: number[]; startSeconds: number } } {
  const rates: number[] = []
  let mark = -1
  let markTime = t0
  let startSeconds = 0
  const off = lib.bus.on('job:progress', (job) => {
    const p = job.progress
    if (job.kind !== 'import' || !p || p.phase !== 'Reading images' || p.total === null) return
    if (mark < 0) {
      // Events come at most ten times a second: the first one of the phase may have files done.
      mark = p.done
      markTime = performance.now()
      startSeconds = (markTime - t0) / 1000
      progress(`${label}: reading began after ${startSeconds.toFixed(1)} s (scan and size sample)`)
      return
    }
    if (p.done >= Math.floor(mark / TRACE_EVERY) * TRACE_EVERY + TRACE_EVERY) {
      // Events come at most ten times a second: the stretch ends at the event that passed it.
      const now = performance.now()
      const done = Math.floor(p.done / TRACE_EVERY) * TRACE_EVERY
      const rate = (done - mark) / ((now - markTime) / 1000)
      rates.push(round(rate))
      progress(`${label}: ${done} files, ${Math.round(rate)}/s over the last ${done - mark}`)
      mark = done
      markTime = now
    }
  })
  return { stop: () => (off(), { rates, startSeconds }) }
}

async function importFolder(lib: Library, root: string): Promise<ImportSummary> {
  const job = await launchImport(lib, createImportJob(lib, root, false))
  if (job.state !== 'done' || !job.result) throw new Error(`The import of ${root} ended ${job.state}: ${job.error?.message ?? 'no result'}`)
  return job.result
}

/** Files a second on one thread with sharp alone: read, decode, thumbnail as the app makes it, to memory. */
async function baseline(label: string, root: string, limit: number): Promise<number> {
  const files = (await listFiles(root)).slice(0, limit)
  const size = DEFAULT_DECODE_OPTIONS.thumbnailSize
  const once = async (): Promise<number> => {
    const t0 = performance.now()
    for (const file of files) {
      const buf = await readFile(file)
      await sharp(buf, { failOn: 'warning', autoOrient: true, pages: 1 })
        .resize(size, size, { fit: 'inside', withoutEnlargement: true })
        .webp({ quality: 80, effort: 2 })
        .toBuffer()
    }
    return files.length / ((performance.now() - t0) / 1000)
  }
  await once()
  const perSecond = median([await once(), await once(), await once()])
  progress(`baseline ${label}: ${Math.round(perSecond)}/s on one thread (${files.length} files)`)
  return perSecond
}

async function listFiles(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true })
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name)).sort()
}

/**
 * `count` MNIST digits of a set as 8-bit grayscale PNGs in `<dir>/<label>/<index>.png`. Past the
 * end of the set the images are used again, shifted right by one pixel more each round, so every
 * file differs from the others (an identical file would be imported as a duplicate).
 */
async function writeDigits(dir: string, set: 'train' | 'test', count: number, concurrency: number): Promise<void> {
  const { images, labels } = readMnist(set)
  const digits = String(count - 1).length
  for (let d = 0; d < 10; d++) await mkdir(join(dir, String(d)), { recursive: true })
  const counter = progressCounter(`writing ${set} digits as PNG`, count)
  const indexes = Array.from({ length: count }, (_, i) => i)
  await forEachLimit(indexes, concurrency, async (i) => {
    const source = i % images.count
    const pixels = shifted(images, source, Math.floor(i / images.count))
    await sharp(pixels, { raw: { width: images.cols, height: images.rows, channels: 1 } })
      .toColourspace('b-w')
      .png()
      .toFile(join(dir, String(labels[source]), `${String(i).padStart(digits, '0')}.png`))
    counter.tick()
  })
}

function shifted(images: IdxImages, i: number, by: number): Uint8Array {
  const src = imageAt(images, i)
  if (by === 0) return src
  const out = new Uint8Array(src.length)
  for (let y = 0; y < images.rows; y++) {
    for (let x = by; x < images.cols; x++) out[y * images.cols + x] = src[y * images.cols + x - by]!
  }
  return out
}

/**
 * `count` photo-like 1024 × 768 JPEGs (quality 85), the same bytes for the same seed: a smooth
 * colour field (a few random colours enlarged), blotchy mid-scale texture, fine detail, uneven
 * lighting and sensor grain, which gives JPEG sizes and decode work like a camera's.
 */
async function writePhotos(dir: string, count: number, seed: number, concurrency: number): Promise<void> {
  const digits = String(count - 1).length
  const counter = progressCounter('writing JPEG photos', count)
  const indexes = Array.from({ length: count }, (_, i) => i)
  await forEachLimit(indexes, concurrency, async (i) => {
    const rgb = await photoPixels(subSeed(seed, i))
    await sharp(rgb, { raw: { width: PHOTO_WIDTH, height: PHOTO_HEIGHT, channels: 3 } })
      .jpeg({ quality: 85 })
      .toFile(join(dir, `photo-${String(i).padStart(digits, '0')}.jpg`))
    counter.tick()
  })
}

async function photoPixels(seed: number): Promise<Uint8Array> {
  const random = seededRandom(seed)
  const [colours, blotches, detail] = await Promise.all([
    enlargedNoise(random, 4, 3, 3),
    enlargedNoise(random, 48, 36, 1),
    enlargedNoise(random, 256, 192, 1)
  ])
  const blotchAmp = 40 + 60 * random()
  const detailAmp = 10 + 30 * random()
  const grainAmp = 4 + 8 * random()
  // Light falls off from a random point, as from a window or a vignetting lens.
  const lx = random() * PHOTO_WIDTH
  const ly = random() * PHOTO_HEIGHT
  const falloff = (0.3 + 0.5 * random()) / (PHOTO_WIDTH * PHOTO_WIDTH)
  const out = new Uint8Array(PHOTO_WIDTH * PHOTO_HEIGHT * 3)
  let state = seed | 1
  for (let y = 0, p = 0; y < PHOTO_HEIGHT; y++) {
    for (let x = 0; x < PHOTO_WIDTH; x++, p++) {
      const light = 1 - falloff * ((x - lx) ** 2 + (y - ly) ** 2)
      const shade = ((blotches[p]! - 128) * blotchAmp + (detail[p]! - 128) * detailAmp) / 128
      for (let c = 0; c < 3; c++) {
        // xorshift32 for the grain: one call per sample, too many for the slower generator above.
        state ^= state << 13
        state ^= state >>> 17
        state ^= state << 5
        const grain = ((state >>> 0) / 4294967296 - 0.5) * 2 * grainAmp
        const v = (colours[p * 3 + c]! + shade) * light + grain
        out[p * 3 + c] = v < 0 ? 0 : v > 255 ? 255 : v
      }
    }
  }
  return out
}

/** Random values on a small grid, enlarged smoothly (bicubic) to the photo's size. */
async function enlargedNoise(random: () => number, w: number, h: number, channels: 1 | 3): Promise<Uint8Array> {
  const small = new Uint8Array(w * h * channels)
  for (let i = 0; i < small.length; i++) small[i] = Math.floor(random() * 256)
  const buf = await sharp(small, { raw: { width: w, height: h, channels } })
    .resize(PHOTO_WIDTH, PHOTO_HEIGHT, { kernel: 'cubic', fit: 'fill' })
    .raw()
    .toBuffer()
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.length)
}

/** HOG at the reference settings on decoded MNIST digits, one thread, resize included; median of three. */
function hogPerSecond(size: number): number {
  const { images } = readMnist('train')
  const n = Math.min(size, images.count)
  const method = FEATURE_METHODS.hog
  const extract = method.extractor(method.params())
  const rates: number[] = []
  for (let r = 0; r < 3; r++) {
    const started = performance.now()
    for (let i = 0; i < n; i++) extract({ width: images.cols, height: images.rows, channels: 1, data: imageAt(images, i) })
    rates.push(n / ((performance.now() - started) / 1000))
  }
  progress(`HOG: ${rates.map((x) => Math.round(x)).join(', ')} images/s`)
  return median(rates)
}
