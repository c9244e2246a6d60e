import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { tf } from './tf'
import { softwareDriver, type BackendName, type LoadedBackend } from './backend-loaders'
import type * as Loaders from './backend-loaders'
import { selectBackend, softwareSkipReason } from './backends'

// Every backend here is the JS CPU one under another name, so the selection logic is tested alone:
// the native ones do not load, WebGPU loads on SwiftShader, WebAssembly loads.
vi.mock('./backend-loaders', async (original) => {
  const actual = await original<typeof Loaders>()
  const fake: Record<BackendName, () => Promise<LoadedBackend>> = {
    'tfjs-node-gpu': () => Promise.reject(new Error('@tensorflow/tfjs-node-gpu is not installed')),
    webgpu: () => Promise.resolve({ tfName: 'cpu', device: 'SwiftShader Device (WebGPU, software: SwiftShader)', software: 'SwiftShader' }),
    'tfjs-node': () => Promise.reject(new Error('@tensorflow/tfjs-node is not installed')),
    wasm: () => Promise.resolve({ tfName: 'cpu', device: 'CPU (WebAssembly, SIMD on, threads off)' }),
    cpu: () => Promise.resolve({ tfName: 'cpu', device: 'CPU (JS)' })
  }
  return { ...actual, loadBackend: (name: BackendName) => fake[name]() }
})

beforeEach(() => {
  vi.stubEnv('LIKENESS_BACKEND', '')
})
afterAll(async () => {
  vi.unstubAllEnvs()
  await tf.setBackend('cpu')
})

describe('softwareDriver', () => {
  it.each([
    ['Dawn on SwiftShader', { vendor: 'google', architecture: 'swiftshader', description: 'SwiftShader Device (Subzero)' }, 'SwiftShader'],
    ['Mesa llvmpipe', { vendor: 'mesa', description: 'llvmpipe (LLVM 15.0.6, 256 bits)' }, 'llvmpipe'],
    ['Mesa lavapipe', { architecture: 'Lavapipe' }, 'lavapipe'],
    ['Windows WARP', { description: 'Microsoft Basic Render Driver' }, 'Microsoft Basic Render Driver'],
    ['an adapter that calls itself a CPU', { vendor: 'unknown', device: 'CPU' }, 'CPU rasteriser'],
    ['a fallback adapter by its info', { vendor: 'someone', isFallbackAdapter: true }, 'fallback adapter']
  ])('names the software rasteriser of %s', (_name, info, expected) => {
    expect(softwareDriver(info)).toBe(expected)
  })

  it('reads the fallback flag from the adapter when its info has none', () => {
    expect(softwareDriver({ vendor: 'someone' }, true)).toBe('fallback adapter')
  })

  it.each([
    ['NVIDIA', { vendor: 'nvidia', architecture: 'ampere', description: 'NVIDIA GeForce RTX 3080' }],
    ['Apple', { vendor: 'apple', architecture: 'metal-3', description: 'Apple M2' }],
    ['AMD with "cpu" inside a word', { vendor: 'amd', architecture: 'rdna-3', description: 'Radeon RX 7900 (cpuless)' }],
    ['an adapter that says nothing', {}]
  ])('finds none for %s', (_name, info) => {
    expect(softwareDriver(info, false)).toBeNull()
  })
})

describe('selectBackend with a software WebGPU adapter', () => {
  it('passes over it, saying why, and chooses WebAssembly', async () => {
    const report = await selectBackend({ needs: ['BatchMatMul'] })
    expect(report.name).toBe('wasm')
    expect(report.skipped).toEqual([
      { name: 'tfjs-node-gpu', why: '@tensorflow/tfjs-node-gpu is not installed' },
      { name: 'webgpu', why: 'software driver (SwiftShader): slower than the CPU backends' },
      { name: 'tfjs-node', why: '@tensorflow/tfjs-node is not installed' }
    ])
  })

  it('uses it when WebGPU is forced, by the caller or by LIKENESS_BACKEND', async () => {
    expect(await selectBackend({ force: 'webgpu' })).toEqual({ name: 'webgpu', device: 'SwiftShader Device (WebGPU, software: SwiftShader)', skipped: [] })
    vi.stubEnv('LIKENESS_BACKEND', 'webgpu')
    expect((await selectBackend()).name).toBe('webgpu')
  })

  it('has no reason to skip a hardware adapter', () => {
    expect(softwareSkipReason(undefined)).toBeNull()
  })
})
