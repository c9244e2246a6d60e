/**
 * Runs a sequence clustering (sequence-work.ts) on a clustering thread of its own, as
 * runPipelineOnThread does for feature sets: progress through onStage, and an abort that stops
 * the thread at once.
 */
import { Worker } from 'node:worker_threads'
import type { SequenceSettings } from '../../shared/contract'
import type { FromClusterThread, ToClusterThread } from './cluster-messages'
import { RemoteError } from './messages'
import type { SequenceWork, SequenceWorkResult } from './sequence-work'
import { workerEntry } from './worker-entry'

export function runSequencesOnThread(
  sequences: string[], groups: Int32Array | null, settings: SequenceSettings, seed: number, work: SequenceWork = {}
): Promise<SequenceWorkResult> {
  const { signal, onStage } = work
  if (signal?.aborted) return Promise.reject(signal.reason)
  const entry = workerEntry('cluster.worker')
  const worker = new Worker(entry.file, { execArgv: entry.execArgv })
  return new Promise<SequenceWorkResult>((resolve, reject) => {
    let settled = false
    const finish = (fn: () => void): void => {
      if (settled) return
      settled = true
      signal?.removeEventListener('abort', onAbort)
      void worker.terminate()
      fn()
    }
    const onAbort = (): void => finish(() => reject(signal!.reason))
    signal?.addEventListener('abort', onAbort, { once: true })
    worker.on('message', (msg: FromClusterThread) => {
      if (msg.type === 'stage') onStage?.(msg.stage, msg.done, msg.total)
      else if (msg.type === 'sequences-result') finish(() => resolve(msg.result))
      else if (msg.type === 'error') finish(() => reject(new RemoteError(msg.error.kind, msg.error.message)))
    })
    worker.on('error', (err) => finish(() => reject(new RemoteError('cluster-thread-failed', `The clustering stopped with an error: ${err.message}`))))
    worker.on('exit', (code) =>
      finish(() => reject(new RemoteError('cluster-thread-failed', `The clustering stopped unexpectedly (exit code ${code}). If the machine ran out of memory, try a smaller dataset or close other programs.`)))
    )
    const msg: ToClusterThread = { type: 'sequences', sequences, groups, settings, seed }
    worker.postMessage(msg)
  })
}
