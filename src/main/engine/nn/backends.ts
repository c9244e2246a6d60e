/**
 * Which compute backend TensorFlow.js runs on, best first: tfjs-node-gpu (CUDA) → WebGPU (Dawn via
 * the `webgpu` package) → tfjs-node (native CPU) → WebAssembly → the plain JS CPU backend. Each model
 * asks for the kernels it needs (`needs`), because the fast backends do not all have every gradient:
 * the WebAssembly backend, for one, has no Conv2DBackpropFilter, so a convolutional model trains
 * elsewhere. The report says what was chosen, on which device, and why each better one was skipped.
 * A WebGPU adapter that is a software rasteriser (SwiftShader, llvmpipe: what a machine without a GPU
 * driver offers) is passed over, as it trains slower than the CPU backends; forcing `webgpu` uses it.
 *
 * The environment variable LIKENESS_BACKEND (one of BACKEND_ORDER) forces a backend when the caller
 * does not: `LIKENESS_BACKEND=cpu likeness bench …` measures the JS backend on any machine.
 */
import { tf } from './tf'
import { BACKEND_ORDER, loadBackend, type BackendName } from './backend-loaders'

export { BACKEND_ORDER, type BackendName } from './backend-loaders'

export interface BackendReport {
  name: BackendName
  device: string
  skipped: { name: BackendName; why: string }[]
}

export interface BackendAvailability {
  name: BackendName
  available: boolean
  /** The device when available, the reason when not. */
  detail: string
}

export interface SelectOptions {
  force?: BackendName
  /** Kernel names the model runs, e.g. 'Conv2DBackpropFilter'. */
  needs?: readonly string[]
}

function isBackendName(name: string): name is BackendName {
  return (BACKEND_ORDER as readonly string[]).includes(name)
}

function missingKernel(tfName: string, needs: readonly string[]): string | undefined {
  return needs.find((kernel) => tf.getKernel(kernel, tfName) === undefined)
}

/** Why automatic selection passes over a backend that loads: a software WebGPU driver is slower than the CPU. */
export function softwareSkipReason(software: string | undefined): string | null {
  return software === undefined ? null : `software driver (${software}): slower than the CPU backends`
}

async function tryBackend(name: BackendName, needs: readonly string[]): Promise<{ ok: true; tfName: string; device: string; software?: string } | { ok: false; why: string }> {
  try {
    const { tfName, device, software } = await loadBackend(name)
    const missing = missingKernel(tfName, needs)
    if (missing !== undefined) return { ok: false, why: `lacks the ${missing} kernel this model needs` }
    return { ok: true, tfName, device, ...(software === undefined ? {} : { software }) }
  } catch (error) {
    return { ok: false, why: (error as Error).message }
  }
}

/** Every backend with whether it loads here; for `bench backends` and the settings view. */
export async function availableBackends(): Promise<BackendAvailability[]> {
  const result: BackendAvailability[] = []
  for (const name of BACKEND_ORDER) {
    const tried = await tryBackend(name, [])
    result.push({ name, available: tried.ok, detail: tried.ok ? tried.device : tried.why })
  }
  return result
}

/** Makes the fastest backend that has every needed kernel the active one, and reports the choice. */
export async function selectBackend(options: SelectOptions = {}): Promise<BackendReport> {
  const needs = options.needs ?? []
  const fromEnv = process.env['LIKENESS_BACKEND']
  const force: string | undefined = options.force ?? (fromEnv ? fromEnv : undefined)
  if (force !== undefined) {
    const tried = isBackendName(force) ? await tryBackend(force, needs) : { ok: false as const, why: `there is no backend called "${force}"` }
    if (!tried.ok) {
      const available = (await availableBackends()).filter((b) => b.available).map((b) => b.name)
      throw new Error(`The ${force} backend cannot be used: ${tried.why}. Backends available here: ${available.join(', ') || 'none'}. Choose one of them or unset LIKENESS_BACKEND.`)
    }
    await tf.setBackend(tried.tfName)
    return { name: force as BackendName, device: tried.device, skipped: [] }
  }
  const skipped: BackendReport['skipped'] = []
  for (const name of BACKEND_ORDER) {
    const tried = await tryBackend(name, needs)
    if (!tried.ok) {
      skipped.push({ name, why: tried.why })
      continue
    }
    const software = softwareSkipReason(tried.software)
    if (software !== null) {
      skipped.push({ name, why: software })
      continue
    }
    await tf.setBackend(tried.tfName)
    return { name, device: tried.device, skipped }
  }
  throw new Error(`No backend can run this model: ${skipped.map((s) => `${s.name}: ${s.why}`).join('; ')}.`)
}
