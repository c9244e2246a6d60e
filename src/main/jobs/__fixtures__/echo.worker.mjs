// A worker for the pool's tests, speaking the protocol of ../messages.ts.
// Task {value, delay?}: replies {value, doubled, threadId} after `delay` ms.
// Task {crash: true}: the worker exits with code 3 without replying.
// Task {fail: true}: replies with an error of kind 'bad-input'.
// Task {workerData: true}: replies with the workerData the pool gave the worker.
import { parentPort, threadId, workerData } from 'node:worker_threads'

parentPort.on('message', (msg) => {
  if (msg.type !== 'task') return
  const { id, task } = msg
  if (task.crash) process.exit(3)
  if (task.fail) {
    parentPort.postMessage({ type: 'error', id, error: { kind: 'bad-input', message: `Task ${task.value} was refused.` } })
    return
  }
  if (task.workerData) {
    parentPort.postMessage({ type: 'result', id, result: workerData })
    return
  }
  const reply = () => parentPort.postMessage({ type: 'result', id, result: { value: task.value, doubled: task.value * 2, threadId } })
  if (task.delay) setTimeout(reply, task.delay)
  else reply()
})
parentPort.postMessage({ type: 'ready' })
