import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { RemoteError } from './messages'
import { WorkerPool, type PoolOptions } from './pool'
import { workerEntry } from './worker-entry'

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '__fixtures__')
const ECHO = { file: join(FIXTURES, 'echo.worker.mjs'), execArgv: [] }

interface EchoTask {
  value?: number
  delay?: number
  crash?: boolean
  fail?: boolean
  workerData?: boolean
}
interface EchoResult {
  value: number
  doubled: number
  threadId: number
}

const pools: WorkerPool<unknown, unknown>[] = []

function echoPool(options: Partial<PoolOptions> = {}): WorkerPool<EchoTask, EchoResult> {
  const pool = new WorkerPool<EchoTask, EchoResult>(ECHO, { size: 2, ...options })
  pools.push(pool as WorkerPool<unknown, unknown>)
  return pool
}

afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.close()))
})

/** The error a promise rejects with (fails the test if it resolves). */
async function rejection(p: Promise<unknown>): Promise<RemoteError> {
  try {
    const value = await p
    throw new Error(`expected a rejection, got ${JSON.stringify(value)}`)
  } catch (err) {
    if (!(err instanceof RemoteError)) throw err
    return err
  }
}

describe('WorkerPool', () => {
  it('matches every result to its task when many run at once', async () => {
    const pool = echoPool()
    expect(pool.size).toBe(2)
    // Varying delays make the answers come back out of order.
    const values = Array.from({ length: 60 }, (_, i) => i * 3 + 1)
    const results = await Promise.all(values.map((value, i) => pool.run({ value, delay: (i * 7) % 5 })))
    expect(results.map((r) => r.value)).toEqual(values)
    expect(results.map((r) => r.doubled)).toEqual(values.map((v) => v * 2))
    // Both workers did some of the work.
    expect(new Set(results.map((r) => r.threadId)).size).toBe(2)
  })

  it('passes workerData to its workers', async () => {
    const pool = new WorkerPool<EchoTask, unknown>(ECHO, { size: 1, workerData: { thumbnails: '/t', n: 3 } })
    pools.push(pool as WorkerPool<unknown, unknown>)
    expect(await pool.run({ workerData: true })).toEqual({ thumbnails: '/t', n: 3 })
  })

  it('rejects with a RemoteError of the kind the worker reported', async () => {
    const pool = echoPool()
    const err = await rejection(pool.run({ fail: true, value: 9 }))
    expect(err).toBeInstanceOf(Error)
    expect(err.kind).toBe('bad-input')
    expect(err.name).toBe('bad-input')
    expect(err.message).toBe('Task 9 was refused.')
    // An error answer is not a crash: the same workers go on.
    expect((await pool.run({ value: 2 })).doubled).toBe(4)
    expect(pool.size).toBe(2)
  })

  it('fails a crashing task with worker-crashed, replaces the worker and goes on', async () => {
    const pool = echoPool()
    const before = new Set((await Promise.all([1, 2, 3, 4].map((value) => pool.run({ value })))).map((r) => r.threadId))
    const err = await rejection(pool.run({ crash: true }))
    expect(err.kind).toBe('worker-crashed')
    expect(err.message).toMatch(/exit code 3/)
    expect(pool.size).toBe(2)
    const after = await Promise.all(Array.from({ length: 10 }, (_, i) => pool.run({ value: i, delay: 2 })))
    expect(after.map((r) => r.value)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
    const threads = new Set(after.map((r) => r.threadId))
    expect(threads.size).toBe(2)
    // One of the two workers is new.
    expect([...threads].filter((t) => !before.has(t))).toHaveLength(1)
  })

  it('with one task per worker, a crash fails only the crashed task among many running', async () => {
    const pool = echoPool({ perWorker: 1 })
    const crashed = rejection(pool.run({ crash: true }))
    const others = Promise.allSettled(Array.from({ length: 8 }, (_, i) => pool.run({ value: i, delay: 5 })))
    expect((await crashed).kind).toBe('worker-crashed')
    expect((await others).map((s) => (s.status === 'fulfilled' ? s.value.value : 'rejected'))).toEqual([0, 1, 2, 3, 4, 5, 6, 7])
    expect(pool.size).toBe(2)
  })

  it('does not fail the tasks sent to a worker together with the one that crashed it', async () => {
    // Two tasks per worker: the second task given to the first worker is waiting behind the crash.
    const pool = echoPool()
    const crashed = rejection(pool.run({ crash: true }))
    const settled = Promise.allSettled(Array.from({ length: 5 }, (_, i) => pool.run({ value: i })))
    expect((await crashed).kind).toBe('worker-crashed')
    const outcomes = await settled
    const failed = outcomes.flatMap((s, i) => (s.status === 'rejected' ? [`task ${i}: ${(s.reason as Error).message}`] : []))
    expect(failed).toEqual([])
    expect(outcomes.map((s) => (s.status === 'fulfilled' ? s.value.value : null))).toEqual([0, 1, 2, 3, 4])
  })

  it('keeps replacing workers through a run of crashing tasks once they had started', async () => {
    const pool = echoPool({ size: 1, perWorker: 1 })
    expect((await pool.run({ value: 1 })).value).toBe(1)
    const crashes = Promise.allSettled([1, 2, 3, 4].map(() => pool.run({ crash: true })))
    const after = pool.run({ value: 8 })
    const kinds = (await crashes).map((s) => (s.status === 'rejected' ? (s.reason as RemoteError).kind : 'resolved'))
    expect(kinds).toEqual(['worker-crashed', 'worker-crashed', 'worker-crashed', 'worker-crashed'])
    expect((await after).value).toBe(8)
  })

  it('gives up on a worker that cannot start and fails its tasks at once', async () => {
    const pool = new WorkerPool<EchoTask, EchoResult>({ file: join(FIXTURES, 'broken.worker.mjs'), execArgv: [] }, { size: 1 })
    pools.push(pool as WorkerPool<unknown, unknown>)
    const settled = await Promise.allSettled([1, 2, 3, 4, 5].map((value) => pool.run({ value })))
    // No task was handled by a worker, so none is blamed for a crash "while handling this file".
    expect(settled.map((s) => (s.status === 'rejected' ? (s.reason as RemoteError).kind : 'resolved'))).toEqual(
      Array(5).fill('worker-start-failed')
    )
    // Later tasks are refused with the same error, without starting another worker.
    const first = settled[0]!.status === 'rejected' ? settled[0]!.reason : null
    const err = await rejection(pool.run({ value: 6 }))
    expect(err).toBe(first)
    expect(err.kind).toBe('worker-start-failed')
    expect(err.message).toMatch(/cannot start/)
  })

  it('clearQueue rejects the waiting tasks as cancelled and lets the running ones finish', async () => {
    const pool = echoPool()
    const tasks = Array.from({ length: 7 }, (_, i) => pool.run({ value: i, delay: 100 }))
    pool.clearQueue()
    const settled = await Promise.allSettled(tasks)
    // 2 workers × 2 tasks each were running.
    expect(settled.slice(0, 4).map((s) => (s.status === 'fulfilled' ? s.value.value : 'rejected'))).toEqual([0, 1, 2, 3])
    for (const s of settled.slice(4)) {
      expect(s.status).toBe('rejected')
      expect((s as PromiseRejectedResult).reason).toMatchObject({ kind: 'cancelled' })
    }
    // The pool itself is still open.
    expect((await pool.run({ value: 5 })).value).toBe(5)
  })

  it('close rejects the queued tasks, settles the running ones and refuses new ones', async () => {
    const pool = echoPool()
    const tasks = Array.from({ length: 6 }, (_, i) => pool.run({ value: i, delay: 2000 }))
    const settledAll = Promise.allSettled(tasks)
    await pool.close()
    const settled = await settledAll
    for (const s of settled.slice(4)) {
      expect(s.status).toBe('rejected')
      expect((s as PromiseRejectedResult).reason).toMatchObject({ kind: 'cancelled' })
    }
    // Nothing waits for an answer that will never come.
    for (const s of settled.slice(0, 4)) expect(s.status).toBe('rejected')
    const err = await rejection(pool.run({ value: 1 }))
    expect(err.kind).toBe('pool-closed')
  })
})

describe('WorkerPool with a worker served by serveTasks', () => {
  const served = workerEntry('echo-served.worker', pathToFileURL(join(FIXTURES, 'entry.ts')).href)

  it('answers results and turns thrown errors into {kind, message}', async () => {
    const pool = new WorkerPool<{ value: number; fail?: string }, { value: number }>(served, { size: 1 })
    pools.push(pool as WorkerPool<unknown, unknown>)
    expect(await pool.run({ value: 4 })).toEqual({ value: 4 })
    const named = await rejection(pool.run({ value: 5, fail: 'error' }))
    expect([named.kind, named.message]).toEqual(['bad-input', 'Task 5 was refused.'])
    const kinded = await rejection(pool.run({ value: 6, fail: 'kind' }))
    expect([kinded.kind, kinded.message]).toEqual(['unreadable', 'Not readable.'])
    const text = await rejection(pool.run({ value: 7, fail: 'text' }))
    expect([text.kind, text.message]).toEqual(['error', 'plain text'])
  })
})

describe('workerEntry', () => {
  it('from a TypeScript module, boots the .ts worker beside it through tsx', () => {
    const entry = workerEntry('echo-served.worker', pathToFileURL(join(FIXTURES, 'entry.ts')).href)
    expect(entry.execArgv).toEqual([])
    expect(entry.file).toBeInstanceOf(URL)
    const url = entry.file as URL
    expect(url.protocol).toBe('data:')
    const code = decodeURIComponent(url.href.slice('data:text/javascript,'.length))
    expect(code).toContain(JSON.stringify(pathToFileURL(join(FIXTURES, 'echo-served.worker.ts')).href))
    expect(code).toMatch(/from "file:[^"]*\/tsx\/[^"]*"; register\(\);/)
  })

  it('from a built .js module, names the .js worker beside it with no extra arguments', () => {
    const from = pathToFileURL(join('/', 'app', 'out', 'main', 'index.js')).href
    expect(workerEntry('import.worker', from)).toEqual({ file: join('/', 'app', 'out', 'main', 'import.worker.js'), execArgv: [] })
  })

  it('from source by default, boots the import worker beside it, which exists', () => {
    const entry = workerEntry('import.worker')
    const script = join(dirname(fileURLToPath(import.meta.url)), 'import.worker.ts')
    expect(existsSync(script)).toBe(true)
    expect(decodeURIComponent(String(entry.file))).toContain(JSON.stringify(pathToFileURL(script).href))
  })
})
