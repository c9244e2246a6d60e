/**
 * How each TensorFlow.js backend is loaded in Node, one loader per backend. A loader either returns
 * the name tfjs registered and a description of the device, or throws an Error whose message says
 * why the backend cannot run here (a researcher reads it in the backend report). Loading never
 * leaves a different backend active than before: the choice is selectBackend's (backends.ts).
 *
 * The native packages (tfjs-node, tfjs-node-gpu) download libtensorflow at install time, so they are
 * optional: they are imported only here, dynamically, by a name the bundler does not follow.
 */
import { createRequire } from 'node:module'
import path from 'node:path'
import { tf } from './tf'
import { BACKEND_ORDER, type BackendName } from '../../../shared/types/models'

export { BACKEND_ORDER, type BackendName }

export interface LoadedBackend {
  /** The name tfjs knows the backend by (tf.setBackend). */
  tfName: string
  device: string
  /** For a WebGPU adapter that is a software rasteriser: its name (see softwareDriver). */
  software?: string
}

async function importOptional(specifier: string): Promise<unknown> {
  try {
    return await import(/* @vite-ignore */ specifier)
  } catch (error) {
    throw new Error(`${specifier} is not installed (${(error as Error).message.split('\n')[0]})`, { cause: error })
  }
}

/** Initialises a registered backend to prove it runs, then puts the previous one back. */
async function initialise(tfName: string): Promise<void> {
  const previous = tf.findBackend(tf.getBackend()) ? tf.getBackend() : null
  const ok = await tf.setBackend(tfName)
  if (previous !== null && previous !== tfName) await tf.setBackend(previous)
  if (!ok) throw new Error(`the ${tfName} backend failed to initialise`)
}

async function loadNative(gpu: boolean): Promise<LoadedBackend> {
  const name = gpu ? '@tensorflow/tfjs-node-gpu' : '@tensorflow/tfjs-node'
  await importOptional(name)
  if (tf.findBackendFactory('tensorflow') === null) {
    throw new Error(`${name} loaded but registered no backend with this copy of tfjs-core (a version mismatch)`)
  }
  await initialise('tensorflow')
  const backend = tf.findBackend('tensorflow') as unknown as { isUsingGpuDevice?: boolean } | null
  const onGpu = backend?.isUsingGpuDevice === true
  if (gpu && !onGpu) throw new Error(`${name} loaded but found no CUDA GPU`)
  return { tfName: 'tensorflow', device: onGpu ? 'CUDA GPU (TensorFlow native)' : 'CPU (TensorFlow native)' }
}

export interface GpuAdapterInfoLike {
  description?: string
  vendor?: string
  architecture?: string
  device?: string
  isFallbackAdapter?: boolean
}

interface GpuAdapterLike {
  info?: GpuAdapterInfoLike
  /** Older WebGPU implementations say it here rather than in info. */
  isFallbackAdapter?: boolean
}

const SOFTWARE_DRIVERS: [RegExp, string][] = [
  [/swiftshader/i, 'SwiftShader'],
  [/llvmpipe/i, 'llvmpipe'],
  [/lavapipe/i, 'lavapipe'],
  [/basic render driver/i, 'Microsoft Basic Render Driver'],
  [/\bcpu\b/i, 'CPU rasteriser']
]

/**
 * The name of the software rasteriser behind a WebGPU adapter (SwiftShader, llvmpipe, …), or null
 * for a real GPU. Such an adapter runs the shaders on the CPU, slower than the CPU backends.
 */
export function softwareDriver(info: GpuAdapterInfoLike, isFallbackAdapter = false): string | null {
  const text = [info.vendor, info.architecture, info.device, info.description].filter(Boolean).join(' ')
  for (const [pattern, name] of SOFTWARE_DRIVERS) if (pattern.test(text)) return name
  return isFallbackAdapter || info.isFallbackAdapter === true ? 'fallback adapter' : null
}

async function loadWebgpu(): Promise<LoadedBackend> {
  const scope = globalThis as unknown as { navigator?: { gpu?: { requestAdapter(): Promise<GpuAdapterLike | null> } } }
  if (scope.navigator?.gpu === undefined) {
    const dawn = (await importOptional('webgpu')) as { create(options: string[]): unknown; globals: object }
    Object.assign(globalThis, dawn.globals)
    // Node 21+ has a read-only navigator of its own: define the property rather than assign it.
    Object.defineProperty(globalThis, 'navigator', { value: { ...(scope.navigator ?? {}), gpu: dawn.create([]) }, configurable: true, writable: true })
  }
  const adapter = await scope.navigator!.gpu!.requestAdapter()
  if (adapter === null) throw new Error('no WebGPU adapter (no Vulkan, Metal or D3D12 driver answered)')
  await import('@tensorflow/tfjs-backend-webgpu')
  await initialise('webgpu')
  const info = adapter.info ?? {}
  const device = info.description || [info.vendor, info.architecture, info.device].filter(Boolean).join(' ') || 'WebGPU adapter'
  const software = softwareDriver(info, adapter.isFallbackAdapter === true)
  return { tfName: 'webgpu', device: `${device} (WebGPU${software === null ? '' : `, software: ${software}`})`, ...(software === null ? {} : { software }) }
}

let wasmPathsSet = false

async function loadWasm(): Promise<LoadedBackend> {
  const wasm = await import('@tensorflow/tfjs-backend-wasm')
  if (!wasmPathsSet) {
    // In Node the .wasm files are read from disk: point at the package's dist folder as a path.
    const require = createRequire(import.meta.url)
    const dist = path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + path.sep
    wasm.setWasmPaths(dist)
    wasmPathsSet = true
  }
  await initialise('wasm')
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')
  const threads = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT')
  return { tfName: 'wasm', device: `CPU (WebAssembly, SIMD ${simd ? 'on' : 'off'}, threads ${threads ? 'on' : 'off'})` }
}

async function loadCpu(): Promise<LoadedBackend> {
  await initialise('cpu')
  return { tfName: 'cpu', device: 'CPU (JS)' }
}

const loaders: Record<BackendName, () => Promise<LoadedBackend>> = {
  'tfjs-node-gpu': () => loadNative(true),
  webgpu: loadWebgpu,
  'tfjs-node': () => loadNative(false),
  wasm: loadWasm,
  cpu: loadCpu
}

const loaded = new Map<BackendName, Promise<LoadedBackend>>()

/** Loads a backend once per process; a failure is remembered too (it would fail the same way again). */
export function loadBackend(name: BackendName): Promise<LoadedBackend> {
  let pending = loaded.get(name)
  if (pending === undefined) {
    pending = loaders[name]()
    loaded.set(name, pending)
  }
  return pending
}
