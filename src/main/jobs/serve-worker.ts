import { parentPort } from 'node:worker_threads'
import { toErrorInfo, type FromWorker, type ToWorker } from './messages'

/** The worker side of a pool: answers each task with its result or its error. */
export function serveTasks<T, R>(handle: (task: T) => Promise<R>): void {
  const port = parentPort
  if (!port) throw new Error('This module runs only as a worker thread.')
  port.on('message', (msg: ToWorker<T>) => {
    if (msg.type !== 'task') return
    handle(msg.task).then(
      (result) => port.postMessage({ type: 'result', id: msg.id, result } satisfies FromWorker<R>),
      (err: unknown) => port.postMessage({ type: 'error', id: msg.id, error: toErrorInfo(err) } satisfies FromWorker<R>)
    )
  })
  port.postMessage({ type: 'ready' } satisfies FromWorker<R>)
}
