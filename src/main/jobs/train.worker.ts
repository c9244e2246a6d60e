/** The thread of one training or embedding job: runs train-work.ts on the job's data and posts what it does. */
import { parentPort, workerData } from 'node:worker_threads'
import sharp from 'sharp'
import { toErrorInfo } from './messages'
import type { FromTrainThread, TrainWorkerData } from './train-messages'
import { trainWork } from './train-work'

// Training owns this thread; libvips's own threads would compete with it for the cores.
sharp.concurrency(1)
sharp.cache(false)

const port = parentPort
if (!port) throw new Error('This module runs only as a worker thread.')
const post = (msg: FromTrainThread, transfer: ArrayBuffer[] = []): void => port.postMessage(msg, transfer)

// The parent ends the thread once it has the result or the error.
trainWork(workerData as TrainWorkerData, post).catch((err: unknown) => post({ type: 'error', error: toErrorInfo(err) }))
