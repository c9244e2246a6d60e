/**
 * Runs one benchmark: `npm run bench -- <name> [options]`. Each bench/<name>.ts exports
 * `run(args)`; its result is printed as the last line, one JSON object `{"bench":"<name>", ...}`.
 * Progress goes to stderr, so stdout holds that line alone. Shared helpers live in harness.ts and
 * helper modules such as mnist.ts; a bench/*.ts is a benchmark when it exports `run` (listBenchmarks).
 */
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { BENCH_DIR, BenchUsageError, USAGE, listBenchmarks, parseBenchArgs, progress, type Benchmark } from './harness'

async function main(argv: string[]): Promise<number> {
  let name = argv.find((a) => !a.startsWith('-')) ?? ''
  try {
    const args = parseBenchArgs(argv)
    name = args.name
    const names = await listBenchmarks()
    if (!names.includes(name)) {
      throw new BenchUsageError(`There is no benchmark "${name}". Benchmarks: ${names.join(', ') || '(none yet)'}.\nUsage: ${USAGE}`)
    }
    const mod = (await import(pathToFileURL(join(BENCH_DIR, `${name}.ts`)).href)) as Partial<Benchmark>
    if (typeof mod.run !== 'function') throw new Error(`bench/${name}.ts does not export run(args); a benchmark must.`)
    progress(`benchmark ${name}: ${JSON.stringify(args)}`)
    const result = await mod.run(args)
    console.log(JSON.stringify({ bench: name, ...result }))
    return 0
  } catch (err) {
    const message = (err as Error).message ?? String(err)
    process.stderr.write(`\n${err instanceof BenchUsageError ? message : ((err as Error).stack ?? message)}\n`)
    console.log(JSON.stringify({ bench: name, error: message.split('\n')[0] }))
    return err instanceof BenchUsageError ? 2 : 1
  }
}

// Worker threads and timers left by a benchmark must not keep the process alive after it ends;
// exiting waits for stdout to take the result line.
void main(process.argv.slice(2)).then((code) => process.stdout.write('', () => process.exit(code)))
