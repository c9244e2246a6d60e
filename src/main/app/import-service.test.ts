import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { chmodSync, mkdtempSync, rmSync, symlinkSync, unlinkSync, utimesSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Library } from './library'
import { createImportJob } from './import-service'
import { launchImport } from './services'
import { noiseImage, writeBrokenFixtures, writeBytes } from '../test-support/fixtures'
import { decodeImageFile, type DecodedFile } from '../engine/io/decode'
import type { ImportTask } from '../jobs/import.worker'
import type { ItemCell, JobOf } from '../../shared/contract'

let dir: string
let root: string
let expected: Record<string, 'ok' | 'partial' | 'error'>
const libs: Library[] = []

function openLib(name: string): Library {
  const lib = new Library(join(dir, name, 'library.sqlite'), { workers: 2 })
  libs.push(lib)
  return lib
}

async function importFolder(lib: Library, folder = root, follow = false): Promise<JobOf<'import'>> {
  return launchImport(lib, createImportJob(lib, folder, follow))
}

function byPath(lib: Library, datasetId: number): Map<string, ItemCell> {
  const list = lib.items.list(datasetId)
  return new Map(list.items.map((i) => [`${list.groups[i.group] ? `${list.groups[i.group]}/` : ''}${i.name}`, i]))
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'likeness-import-'))
  root = join(dir, 'photos')
  for (let i = 0; i < 6; i++) writeBytes(join(root, 'cats', `cat-${i}.png`), await noiseImage(32, 32, 100 + i).png().toBuffer())
  for (let i = 0; i < 4; i++) writeBytes(join(root, 'dogs', `dog-${i}.jpg`), await noiseImage(48, 32, 200 + i).jpeg().toBuffer())
  writeBytes(join(root, 'dogs', 'copy-of-cat-0.png'), await noiseImage(32, 32, 100).png().toBuffer())
  writeBytes(join(root, 'cats', 'notes.txt'), 'ignored: not an image')
  expected = await writeBrokenFixtures(root)
  symlinkSync(root, join(root, 'cats', 'loop'))
})
afterEach(async () => {
  await Promise.all(libs.splice(0).map((l) => l.close()))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('folder import', () => {
  it('records every broken file with a reason, imports the rest, finds duplicates, keeps groups', async () => {
    const lib = openLib('first')
    const job = await importFolder(lib)
    expect(job.state).toBe('done')
    const items = byPath(lib, job.datasetId!)
    expect(items.size).toBe(11 + Object.keys(expected).length)
    for (const [path, status] of Object.entries(expected)) {
      expect(items.get(path)?.status, path).toBe(status)
      if (status !== 'ok') expect(items.get(path)?.reason, path).toBeTruthy()
    }
    expect(items.get('dogs/copy-of-cat-0.png')?.duplicateOf).toBe(items.get('cats/cat-0.png')?.id)
    expect(lib.items.list(job.datasetId!).groups).toEqual(['broken', 'cats', 'dogs', 'odd names'])
    expect(job.result).toMatchObject({ found: 17, processed: 17, unchanged: 0, ok: 13, partial: 1, errors: 3, duplicates: 1 })
    expect(job.result?.skipped).toEqual([{ path: 'cats/loop', reason: expect.stringMatching(/not followed/) }])
  })

  it('re-imports incrementally: unchanged files are not read again, changed ones are, deleted ones are marked', async () => {
    const lib = openLib('incremental')
    const first = await importFolder(lib)
    const again = await importFolder(lib)
    expect(again.datasetId).toBe(first.datasetId)
    expect(again.result).toMatchObject({ found: 17, processed: 0, unchanged: 17, missing: 0 })

    const changed = join(root, 'cats', 'cat-5.png')
    writeBytes(changed, await noiseImage(40, 40, 999).png().toBuffer())
    utimesSync(changed, new Date(), new Date(Date.now() + 5000))
    const gone = join(root, 'dogs', 'dog-3.jpg')
    unlinkSync(gone)
    try {
      const third = await importFolder(lib)
      expect(third.result).toMatchObject({ found: 16, processed: 1, unchanged: 15, missing: 1 })
      const items = byPath(lib, third.datasetId!)
      expect(items.size).toBe(17) // the deleted file stays, marked missing: nothing tied to it is lost
      expect(items.get('dogs/dog-3.jpg')?.status).toBe('missing')
      expect(lib.items.get(items.get('cats/cat-5.png')!.id)).toMatchObject({ width: 40, height: 40 })
    } finally {
      writeBytes(gone, await noiseImage(48, 32, 203).jpeg().toBuffer())
    }
    const fourth = await importFolder(lib)
    expect(byPath(lib, fourth.datasetId!).get('dogs/dog-3.jpg')?.status).toBe('ok')
  })

  it('cancels, keeps what it finished, and a new import completes it without duplicates', async () => {
    const big = join(dir, 'big')
    // Photo-sized JPEGs: each costs sharp a few milliseconds, so the import is still reading when
    // the cancel comes (small PNGs take the fast decoder and finish in a fraction of a second).
    for (let i = 0; i < 400; i++) writeBytes(join(big, `g${i % 4}`, `${i}.jpg`), await noiseImage(640, 480, i).jpeg({ quality: 70 }).toBuffer())
    const lib = openLib('cancel')
    const job = createImportJob(lib, big, false)
    const done = launchImport(lib, job)
    await new Promise<void>((resolve) => {
      const off = lib.bus.on('job:progress', (j) => {
        if (j.id === job.id && j.progress.phase === 'Reading images' && j.progress.done >= 20) {
          off()
          resolve()
        }
      })
    })
    const cancelled = await lib.runner.cancel(job.id)
    expect(cancelled?.state).toBe('cancelled')
    expect((await done).state).toBe('cancelled')
    const kept = lib.items.count(job.datasetId!)
    expect(kept).toBeGreaterThanOrEqual(20)
    expect(kept).toBeLessThan(400)

    const resumed = await importFolder(lib, big)
    expect(resumed.state).toBe('done')
    expect(resumed.result).toMatchObject({ found: 400, unchanged: kept, processed: 400 - kept })
    expect(lib.items.count(job.datasetId!)).toBe(400)
  })

  it('fails only the file that crashed a worker; the other files sent with it are imported', async () => {
    const folder = join(dir, 'crashing')
    for (let i = 0; i < 10; i++) writeBytes(join(folder, `${i}.png`), await noiseImage(16, 16, 300 + i).png().toBuffer())
    const lib = openLib('crash')
    // A pool whose worker dies on any task that holds 3.png, as a native decoder fault would.
    const tasks: number[] = []
    const pool = {
      size: 2,
      run: async (task: ImportTask): Promise<DecodedFile[]> => {
        tasks.push(task.absPaths.length)
        if (task.absPaths.some((p) => p.endsWith('3.png'))) throw Object.assign(new Error('The worker stopped while handling this file (exit code 1).'), { kind: 'worker-crashed' })
        return Promise.all(task.absPaths.map((p) => decodeImageFile(p, task.options)))
      }
    }
    ;(lib as unknown as { importPool: () => typeof pool }).importPool = () => pool
    const job = await importFolder(lib, folder)
    expect(job.result).toMatchObject({ processed: 10, ok: 9, errors: 1 })
    expect(tasks[0]).toBe(10)
    const items = byPath(lib, job.datasetId!)
    expect(items.get('3.png')).toMatchObject({ status: 'error', reason: 'The decoder failed on this file: The worker stopped while handling this file (exit code 1).' })
  })

  it('follows links when asked and reports the loop instead of importing twice', async () => {
    const lib = openLib('follow')
    const job = await importFolder(lib, root, true)
    expect(job.result?.found).toBe(17)
    expect(job.result?.skipped).toEqual([{ path: 'cats/loop', reason: expect.stringMatching(/^Link loop/) }])
  })

  it('refuses a folder that does not exist with an error that says so', async () => {
    const lib = openLib('missing')
    const { checkImportFolder } = await import('./import-service')
    await expect(checkImportFolder(join(dir, 'no-such-folder'))).rejects.toThrow(/^Folder not found: .*Check the path/)
    await expect(checkImportFolder(join(root, 'cats', 'cat-0.png'))).rejects.toThrow(/is a file, not a folder/)
    expect(lib.datasets.list()).toEqual([])
  })
})

describe('unreadable folders', () => {
  it('records a folder the user cannot read as a failure with its reason and imports the rest', async () => {
    const { runAsNobody } = await import('../test-support/as-nobody')
    const shared = mkdtempSync(join(tmpdir(), 'likeness-perm-'))
    chmodSync(shared, 0o777)
    const folder = join(shared, 'data')
    writeBytes(join(folder, 'open', 'a.png'), await noiseImage(16, 16, 1).png().toBuffer())
    writeBytes(join(folder, 'locked', 'b.png'), await noiseImage(16, 16, 2).png().toBuffer())
    chmodSync(join(folder, 'locked'), 0o000)
    try {
      const script = `
        import { Library } from ${JSON.stringify(join(import.meta.dirname, 'library.ts'))}
        import { createImportJob } from ${JSON.stringify(join(import.meta.dirname, 'import-service.ts'))}
        import { launchImport } from ${JSON.stringify(join(import.meta.dirname, 'services.ts'))}
        const lib = new Library(${JSON.stringify(join(shared, 'lib', 'library.sqlite'))}, { workers: 1 })
        const job = await launchImport(lib, createImportJob(lib, ${JSON.stringify(folder)}, false))
        console.log(JSON.stringify({ state: job.state, items: lib.items.list(job.datasetId).items }))
        await lib.close()`
      const run = runAsNobody(script, join(import.meta.dirname, '..', '..', '..'))
      expect(run.status, run.stderr).toBe(0)
      const out = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as { state: string; items: ItemCell[] }
      expect(out.state).toBe('done')
      expect(out.items.map((i) => [i.name, i.status])).toEqual([['locked', 'error'], ['a.png', 'ok']])
      expect(out.items[0]!.reason).toMatch(/permission denied/)
    } finally {
      chmodSync(join(folder, 'locked'), 0o755)
      rmSync(shared, { recursive: true, force: true })
    }
  })
})
