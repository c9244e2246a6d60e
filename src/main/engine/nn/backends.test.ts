import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { tf } from './tf'
import { availableBackends, selectBackend, type BackendName } from './backends'
import { seededRandom } from '../random'

beforeEach(() => {
  vi.stubEnv('LIKENESS_BACKEND', '')
})
afterAll(async () => {
  vi.unstubAllEnvs()
  await tf.setBackend('cpu')
})

function randomMatrix(n: number, seed: number): Float32Array {
  const random = seededRandom(seed)
  return Float32Array.from({ length: n * n }, () => random() * 2 - 1)
}

describe('selectBackend', () => {
  it('uses the JS CPU backend whenever it is forced', async () => {
    const report = await selectBackend({ force: 'cpu', needs: ['Conv2DBackpropFilter'] })
    expect(report).toEqual({ name: 'cpu', device: 'CPU (JS)', skipped: [] })
    expect(tf.getBackend()).toBe('cpu')
  })

  it('takes the forced backend from LIKENESS_BACKEND', async () => {
    vi.stubEnv('LIKENESS_BACKEND', 'cpu')
    expect((await selectBackend()).name).toBe('cpu')
  })

  it('loads WebAssembly in Node and multiplies matrices as the CPU backend does', async () => {
    const a = randomMatrix(24, 1)
    const b = randomMatrix(24, 2)
    await tf.setBackend('cpu')
    const onCpu = tf.matMul(tf.tensor2d(a, [24, 24]), tf.tensor2d(b, [24, 24])).dataSync()
    const report = await selectBackend({ force: 'wasm' })
    expect(report.device).toMatch(/^CPU \(WebAssembly, SIMD (on|off), threads (on|off)\)$/)
    expect(tf.getBackend()).toBe('wasm')
    const onWasm = tf.matMul(tf.tensor2d(a, [24, 24]), tf.tensor2d(b, [24, 24])).dataSync()
    for (let i = 0; i < onCpu.length; i++) expect(onWasm[i]).toBeCloseTo(onCpu[i]!, 5)
    await tf.setBackend('cpu')
  })

  it('refuses WebAssembly for a model that needs a convolution gradient it lacks', async () => {
    await expect(selectBackend({ force: 'wasm', needs: ['Conv2DBackpropFilter'] })).rejects.toThrow(/wasm backend cannot be used: lacks the Conv2DBackpropFilter kernel/)
    const report = await selectBackend({ needs: ['Conv2DBackpropFilter'] })
    expect(report.name).not.toBe('wasm')
    expect(report.skipped.find((s) => s.name === 'wasm')?.why ?? 'not reached').toMatch(/lacks the Conv2DBackpropFilter kernel|not reached/)
    await tf.setBackend('cpu')
  })

  it('names an unknown backend and lists the ones available', async () => {
    await expect(selectBackend({ force: 'tpu' as BackendName })).rejects.toThrow(/there is no backend called "tpu".*available here: .*cpu/)
  })

  it('says why a forced backend that is not here cannot load, and lists the available ones', async () => {
    const all = await availableBackends()
    expect(all.map((b) => b.name)).toEqual(['tfjs-node-gpu', 'webgpu', 'tfjs-node', 'wasm', 'cpu'])
    expect(all.find((b) => b.name === 'cpu')).toEqual({ name: 'cpu', available: true, detail: 'CPU (JS)' })
    const missing = all.find((b) => !b.available)
    if (missing === undefined) {
      console.log('Every backend loads on this machine, so there is no unavailable one to force.')
      return
    }
    await expect(selectBackend({ force: missing.name })).rejects.toThrow(new RegExp(`The ${missing.name} backend cannot be used: .+ Backends available here: .*cpu`))
    expect(missing.detail.length).toBeGreaterThan(0)
  })

  it('skips each better backend with a reason before the one it chooses', async () => {
    const report = await selectBackend()
    const order = ['tfjs-node-gpu', 'webgpu', 'tfjs-node', 'wasm', 'cpu']
    expect(report.skipped.map((s) => s.name)).toEqual(order.slice(0, order.indexOf(report.name)))
    for (const s of report.skipped) expect(s.why).not.toBe('')
    await tf.setBackend('cpu')
  })
})
