// A TypeScript worker for the pool's tests, served by serveTasks (loaded through tsx).
import { serveTasks } from '../serve-worker'

export interface EchoTask {
  value: number
  fail?: string
}

class BadInput extends Error {
  override name = 'bad-input'
}

serveTasks<EchoTask, { value: number }>(async (task) => {
  if (task.fail === 'error') throw new BadInput(`Task ${task.value} was refused.`)
  if (task.fail === 'kind') throw Object.assign(new Error('Not readable.'), { kind: 'unreadable' })
  if (task.fail === 'text') throw 'plain text'
  return { value: task.value }
})
