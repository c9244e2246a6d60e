/**
 * What every benchmark shares: its arguments, timing and memory measures, progress on stderr and
 * the data folder bench/.data (git-ignored). Everything here but the file helpers is pure.
 */
export { seededRandom } from '../src/main/engine/random'
import { existsSync, mkdirSync } from 'node:fs'
import { lstat, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { register } from 'node:module'
import { cpus } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'

/**
 * tfjs-core's ES-module files import siblings without an extension ('../gradients'), which only a
 * bundler resolves; tsx tries the folder of that name first and Node refuses a folder import. The
 * neural benchmarks reach those files through the engine's chained-ops import, so a refused folder
 * import is retried as the '.js' file beside it. Registered here, before any benchmark is imported.
 */
const RESOLVE_JS_SIBLING = `export async function resolve(specifier, context, next) {
  try { return await next(specifier, context) } catch (error) {
    if (error?.code === 'ERR_UNSUPPORTED_DIR_IMPORT' && specifier.startsWith('.')) return next(specifier + '.js', context)
    throw error
  }
}`
register(`data:text/javascript,${encodeURIComponent(RESOLVE_JS_SIBLING)}`)

export interface BenchArgs {
  name: string
  /** Data size (images, points, sequences); each benchmark has its own default. */
  size?: number
  seed: number
  queries?: number
  /** Worker threads where the benchmark uses a pool; default: one per core. */
  workers?: number
  /** Timed runs whose median is reported; each benchmark has its own default. */
  repeats?: number
  /** Generate cached input data again. */
  fresh: boolean
  /** Which data set, for benchmarks that measure more than one. */
  data?: string
}

/** A benchmark module, bench/<name>.ts. Its result becomes the last line, after `bench`. */
export interface Benchmark {
  run(args: BenchArgs): Promise<Record<string, unknown>>
}

export class BenchUsageError extends Error {}

export const USAGE = 'npm run bench -- <name> [--size N] [--seed S] [--queries Q] [--workers W] [--repeats R] [--data NAME] [--fresh]'

/** Parses the command line after `bench/run.ts`; throws BenchUsageError with a message to show. */
export function parseBenchArgs(argv: readonly string[]): BenchArgs {
  let parsed
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        size: { type: 'string' },
        seed: { type: 'string' },
        queries: { type: 'string' },
        workers: { type: 'string' },
        repeats: { type: 'string' },
        data: { type: 'string' },
        fresh: { type: 'boolean', default: false }
      }
    })
  } catch (err) {
    throw new BenchUsageError(`${(err as Error).message}\nUsage: ${USAGE}`)
  }
  const { values, positionals } = parsed
  if (positionals.length !== 1) {
    throw new BenchUsageError(
      positionals.length === 0 ? `Name the benchmark to run.\nUsage: ${USAGE}` : `Run one benchmark at a time, not ${positionals.join(', ')}.`
    )
  }
  return {
    name: positionals[0]!,
    size: wholeNumber(values.size, '--size', 1),
    seed: wholeNumber(values.seed, '--seed', 0) ?? 1,
    queries: wholeNumber(values.queries, '--queries', 1),
    workers: wholeNumber(values.workers, '--workers', 1),
    repeats: wholeNumber(values.repeats, '--repeats', 1),
    fresh: values.fresh ?? false,
    ...(values.data !== undefined && { data: values.data })
  }
}

function wholeNumber(value: string | undefined, flag: string, min: number): number | undefined {
  if (value === undefined) return undefined
  // Accepts 10000, 10_000 and 1e4, which are all common ways to write a size.
  const n = Number(value.replaceAll('_', ''))
  if (!Number.isSafeInteger(n) || n < min) throw new BenchUsageError(`${flag} must be a whole number of at least ${min}, not "${value}".`)
  return n
}

/** The median; of an even count, the mean of the two middle values. */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('The median of no values is undefined.')
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

/** Runs `once` `repeats` times; its seconds each time and their median. */
export async function timeRepeated(repeats: number, once: (run: number) => Promise<void>): Promise<{ seconds: number; runs: number[] }> {
  const runs: number[] = []
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now()
    await once(i)
    runs.push((performance.now() - t0) / 1000)
  }
  return { seconds: median(runs), runs }
}

/** Rounds to `digits` decimals, for the JSON line. */
export function round(x: number, digits = 1): number {
  const f = 10 ** digits
  return Math.round(x * f) / f
}


/** Mixes a seed with an index into an independent seed (for one generated item of many). */
export function subSeed(seed: number, index: number): number {
  return (Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) + Math.imul(index + 1, 0xc2b2ae35)) >>> 0
}

const MB = 1024 * 1024

/**
 * Peak resident memory over a stretch of work: process.memoryUsage().rss every `everyMs`, and the
 * kernel's own high-water mark (resourceUsage().maxRSS), which is exact but counts from the start
 * of the process: it is used only when it rose during the stretch, that is when the peak fell in it.
 * Worker threads share the process, so their memory is included.
 */
export class RssSampler {
  private timer: ReturnType<typeof setInterval> | null = null
  private peak = 0
  private maxRssAtStart = 0

  constructor(private readonly everyMs = 50) {}

  start(): this {
    this.peak = process.memoryUsage().rss
    this.maxRssAtStart = process.resourceUsage().maxRSS * 1024
    this.timer = setInterval(() => this.sample(), this.everyMs)
    this.timer.unref()
    return this
  }

  /** The peak so far in MB, sampling on. */
  peakMb(): number {
    this.sample()
    return this.peak / MB
  }

  /** Stops sampling; the peak in MB. */
  stop(): number {
    if (this.timer) clearInterval(this.timer)
    this.timer = null
    this.sample()
    const maxRss = process.resourceUsage().maxRSS * 1024
    return (maxRss > this.maxRssAtStart ? Math.max(maxRss, this.peak) : this.peak) / MB
  }

  private sample(): void {
    this.peak = Math.max(this.peak, process.memoryUsage().rss)
  }
}

let gcFunction: (() => void) | undefined
/** A full garbage collection, so a measure does not count what the set-up left behind. */
export function collectGarbage(): void {
  if (!gcFunction) {
    setFlagsFromString('--expose-gc')
    gcFunction = runInNewContext('gc') as () => void
  }
  gcFunction()
}

const started = performance.now()
/** One line of progress on stderr (stdout holds only the result). */
export function progress(message: string): void {
  const t = ((performance.now() - started) / 1000).toFixed(1).padStart(6)
  process.stderr.write(`[${t}s] ${message}\n`)
}

/** A counter that reports at most once a second: `tick()` after each item. */
export function progressCounter(label: string, total: number): { tick(n?: number): void } {
  let done = 0
  let last = 0
  return {
    tick(n = 1) {
      done += n
      const now = performance.now()
      if (done >= total || now - last >= 1000) {
        last = now
        progress(`${label}: ${done.toLocaleString('en')} / ${total.toLocaleString('en')}`)
      }
    }
  }
}

/** Runs `fn` over `items` with at most `limit` calls at once. */
export async function forEachLimit<T>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++
      await fn(items[i]!, i)
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane))
}

export const BENCH_DIR = dirname(fileURLToPath(import.meta.url))
export const DATA_DIR = join(BENCH_DIR, '.data')

/** `export function run`, `export async function run`, `export const run` at the start of a line. */
const EXPORTS_RUN = /^export\s+(?:async\s+)?(?:function\s*\*?\s*|const\s+|let\s+)run\b/m

/**
 * The benchmarks in `dir`, sorted: the .ts modules (not tests or declarations) that export
 * `run(args)`. The source is read rather than imported, so listing runs no benchmark's imports;
 * helper modules such as mnist.ts, and harness.ts and run.ts themselves, export no `run`.
 */
export async function listBenchmarks(dir = BENCH_DIR): Promise<string[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.endsWith('.d.ts'))
  const names: string[] = []
  for (const f of files) {
    if (EXPORTS_RUN.test(await readFile(join(dir, f), 'utf8'))) names.push(f.slice(0, -'.ts'.length))
  }
  return names.sort()
}

/** A folder under bench/.data, created if needed. */
export async function dataDir(...parts: string[]): Promise<string> {
  const dir = join(DATA_DIR, ...parts)
  await mkdir(dir, { recursive: true })
  return dir
}

/** A new empty folder under bench/.data/tmp; remove it with removeDir when done. */
export async function tempDir(prefix: string): Promise<string> {
  return mkdtemp(join(await dataDir('tmp'), `${prefix}-`))
}

export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true })
}

/**
 * Generated input data, kept between runs: `generate` fills `dir` once; later runs with the same
 * `key` skip it. The marker sits beside the folder, so an interrupted generation is redone and the
 * folder holds only the data.
 */
export async function cachedData(dir: string, key: string, fresh: boolean, generate: (dir: string) => Promise<void>): Promise<'cached' | 'generated'> {
  const marker = `${dir}.complete`
  if (!fresh && existsSync(marker) && (await readFile(marker, 'utf8')) === key) return 'cached'
  await rm(marker, { force: true })
  await removeDir(dir)
  await mkdir(dir, { recursive: true })
  await generate(dir)
  await writeFile(marker, key)
  return 'generated'
}

/** Size in bytes of a file (0 when absent) or, recursively, of a folder. */
export async function diskBytes(path: string): Promise<number> {
  let st
  try {
    st = await lstat(path)
  } catch {
    return 0
  }
  if (!st.isDirectory()) return st.size
  let total = 0
  for (const entry of await readdir(path)) total += await diskBytes(join(path, entry))
  return total
}

export const toMb = (bytes: number): number => bytes / MB

/** The machine, for the result line: a figure means little without it. */
export function machine(): { cores: number; node: string } {
  return { cores: cpus().length, node: process.version }
}

export const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json'

/**
 * For the neural benchmarks: points Dawn (WebGPU in Node) at Chromium's SwiftShader, a software Vulkan
 * driver, when no driver is named and the file exists, and gives Dawn a runtime folder. Dawn reads
 * these variables when it first starts, so call this before any backend loads. Returns the note the
 * result carries when WebGPU runs on the software driver, null otherwise.
 */
export function useSoftwareWebgpuWhenNoDriver(): string | null {
  if (process.env['VK_ICD_FILENAMES'] === undefined && existsSync(SWIFTSHADER_ICD)) process.env['VK_ICD_FILENAMES'] = SWIFTSHADER_ICD
  if (process.env['XDG_RUNTIME_DIR'] === undefined) {
    process.env['XDG_RUNTIME_DIR'] = '/tmp/likeness-xdg'
    mkdirSync(process.env['XDG_RUNTIME_DIR'], { recursive: true, mode: 0o700 })
  }
  const icd = process.env['VK_ICD_FILENAMES'] ?? ''
  return icd.includes('swiftshader') ? `WebGPU here runs on SwiftShader (${icd}), a software Vulkan driver on the CPU: its figures are not a GPU's.` : null
}
