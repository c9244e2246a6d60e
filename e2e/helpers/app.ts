import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
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

/**
 * Starts the built `likeness serve` on a library file and waits for the URL it prints. Served again
 * on the same library, it comes back with the same token and port, unless `newToken` is asked for.
 */
export async function serve(dbPath: string, { newToken = false }: { newToken?: boolean } = {}): Promise<Served> {
  const bin = join(repoRoot, 'bin', 'likeness.js')
  if (!existsSync(join(repoRoot, 'out', 'renderer', 'index.html'))) throw new Error('Build first: npm run build.')
  const args = [bin, 'serve', '--db', dbPath, '--workers', '2', ...(newToken ? ['--new-token'] : [])]
  const child: ChildProcess = spawn(process.execPath, args, { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] })
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

/** A spec's world: its own folder, `likeness serve` on a library inside it, and a browser page. */
export interface AppUnderTest {
  dir: string
  /** The library `server` serves; a spec may stop the server and serve it again, assigning the new one here. */
  dbPath: string
  server: Served
  browser: Browser
  page: Page
  close(): Promise<void>
}

/**
 * Makes a temporary folder, lets `prepare` write the spec's fixtures into it, starts the built
 * `likeness serve` on `<dir>/library/library.sqlite` and opens a page of that size. `close` undoes
 * all of it, whatever part was reached.
 */
export async function openApp(prefix: string, viewport: { width: number; height: number }, prepare: (dir: string) => Promise<void> | void): Promise<AppUnderTest> {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  let server: Served | undefined
  let browser: Browser | undefined
  let app: AppUnderTest | undefined
  const close = async (): Promise<void> => {
    await browser?.close()
    await (app?.server ?? server)?.stop()
    rmSync(dir, { recursive: true, force: true })
  }
  const dbPath = join(dir, 'library', 'library.sqlite')
  try {
    await prepare(dir)
    server = await serve(dbPath)
    browser = await launchBrowser()
    const page = await browser.newPage({ viewport })
    app = { dir, dbPath, server, browser, page, close }
    return app
  } catch (err) {
    await close()
    throw err
  }
}

/** Types a folder or file path into the import field and starts the import. */
export async function startImport(page: Page, path: string): Promise<void> {
  await page.getByTestId('import-path').fill(path)
  await page.getByTestId('import-submit').click()
}
