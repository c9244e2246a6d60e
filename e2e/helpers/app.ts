import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'

export const repoRoot = join(import.meta.dirname, '..', '..')
export const artifactsDir = join(repoRoot, 'e2e', 'artifacts')

/** Debian's Chromium (or LIKENESS_CHROMIUM): Playwright never downloads a browser of its own here. */
export function chromiumPath(): string {
  const fromEnv = process.env['LIKENESS_CHROMIUM']
  if (fromEnv) return fromEnv
  const found = spawnSync('sh', ['-c', 'command -v chromium || command -v chromium-browser'], { encoding: 'utf8' }).stdout.trim()
  if (!found) throw new Error('Chromium was not found: install Debian\'s "chromium" package or set LIKENESS_CHROMIUM.')
  return found
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run', '--disable-component-update', '--disable-sync']
  })
}

export interface Served {
  url: string
  origin: string
  token: string
  stop(): Promise<void>
}

/** Starts the built `likeness serve` on a library file and waits for the URL it prints. */
export async function serve(dbPath: string): Promise<Served> {
  const bin = join(repoRoot, 'bin', 'likeness.js')
  if (!existsSync(join(repoRoot, 'out', 'renderer', 'index.html'))) throw new Error('Build first: npm run build.')
  const child: ChildProcess = spawn(process.execPath, [bin, 'serve', '--db', dbPath, '--workers', '2'], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`likeness serve printed no URL:\n${output}`)), 30_000)
    const onData = (d: Buffer): void => {
      output += d.toString()
      const m = /Open (http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/.exec(output)
      if (m) {
        clearTimeout(timer)
        resolve(m[1]!)
      }
    }
    child.stdout!.on('data', onData)
    child.stderr!.on('data', onData)
    child.once('exit', (code) => reject(new Error(`likeness serve exited with ${code}:\n${output}`)))
  })
  const parsed = new URL(url)
  return {
    url,
    origin: parsed.origin,
    token: parsed.searchParams.get('token')!,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve()
        child.once('exit', () => resolve())
        child.kill('SIGTERM')
      })
  }
}

/** Saves a screenshot of the current step as a test artifact. */
export async function snapshot(page: Page, spec: string, step: string): Promise<void> {
  const dir = join(artifactsDir, spec)
  mkdirSync(dir, { recursive: true })
  await page.screenshot({ path: join(dir, `${step}.png`), fullPage: false })
}
