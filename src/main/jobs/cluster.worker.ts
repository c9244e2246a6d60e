/**
 * One clustering run (of a feature set, or of a sequence dataset) on its own thread, so that a
 * run of minutes leaves the main side free to answer the window. Progress goes back as it happens; the stage cache is asked through the main
 * side; a 'cancel' aborts the run, which then answers with a 'cancelled' error.
 */
import { parentPort } from 'node:worker_threads'
import { runPipeline } from '../engine/pipeline'
import { runSequenceWork } from './sequence-work'
import { parallelAllKnn } from './parallel-knn'
import type { FromClusterThread, ToClusterThread } from './cluster-messages'
import { toErrorInfo } from './messages'

const port = parentPort
if (!port) throw new Error('This module runs only as a worker thread.')
const send = (msg: FromClusterThread): void => port.postMessage(msg)

const controller = new AbortController()
const waiting = new Map<number, (value: Float32Array | undefined) => void>()
let nextId = 1

port.on('message', (msg: ToClusterThread) => {
  if (msg.type === 'cancel') controller.abort(new Error('Cancelled.'))
  else if (msg.type === 'cache-reply') {
    waiting.get(msg.id)?.(msg.value ?? undefined)
    waiting.delete(msg.id)
  } else if (msg.type === 'run') void run(msg)
  else if (msg.type === 'sequences') void runSequences(msg)
})

async function runSequences(msg: Extract<ToClusterThread, { type: 'sequences' }>): Promise<void> {
  try {
    const result = await runSequenceWork(msg.sequences, msg.groups, msg.settings, msg.seed, {
      signal: controller.signal,
      onStage: (stage, done, total) => send({ type: 'stage', stage, done, total })
    })
    send({ type: 'sequences-result', result })
  } catch (err) {
    send({ type: 'error', error: controller.signal.aborted ? { kind: 'cancelled', message: 'Cancelled.' } : toErrorInfo(err) })
  }
}

async function run(msg: Extract<ToClusterThread, { type: 'run' }>): Promise<void> {
  try {
    const result = await runPipeline({ data: msg.data, rows: msg.rows, cols: msg.cols }, msg.groups, msg.params, {
      signal: controller.signal,
      inputKey: msg.inputKey ?? undefined,
      // The neighbour search on threads of its own: the same neighbours as in one thread.
      neighbours: (matrix, k, work) => parallelAllKnn(matrix, k, { ...work, workers: msg.workers > 0 ? msg.workers : undefined }),
      onStage: (stage, done, total) => send({ type: 'stage', stage, done, total }),
      cache:
        msg.inputKey === null
          ? undefined
          : {
              get: (key) =>
                new Promise((resolve) => {
                  const id = nextId++
                  waiting.set(id, resolve)
                  send({ type: 'cache-get', id, key })
                }),
              // A copy: the stage's own array goes on being used here.
              set: (key, value) => send({ type: 'cache-set', key, value: value.slice() })
            }
    })
    send({ type: 'result', result })
  } catch (err) {
    send({ type: 'error', error: controller.signal.aborted ? { kind: 'cancelled', message: 'Cancelled.' } : toErrorInfo(err) })
  }
}
