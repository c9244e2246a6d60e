/**
 * The WebGPU path on a software Vulkan driver (Chromium's SwiftShader): one training step of the
 * dense autoencoder gives the same loss as on the JS CPU backend. In its own file because the Vulkan
 * driver is chosen by environment variables read when Dawn first starts in the process.
 */
import { existsSync, mkdirSync } from 'node:fs'
import { afterAll, describe, expect, it } from 'vitest'
import { tf } from './tf'
import { selectBackend } from './backends'
import { createAutoencoderTrainer } from './autoencoder'
import { clusteredMatrix, range } from './test-data'

const SWIFTSHADER = '/usr/lib/chromium/vk_swiftshader_icd.json'
const LIBVULKAN = ['/usr/lib/x86_64-linux-gnu/libvulkan.so.1', '/usr/lib/aarch64-linux-gnu/libvulkan.so.1', '/usr/lib/libvulkan.so.1']
const noDriver = !existsSync(SWIFTSHADER) ? `${SWIFTSHADER} is not installed` : !LIBVULKAN.some((p) => existsSync(p)) ? 'libvulkan is not installed' : null
if (noDriver !== null) console.log(`Skipping the WebGPU check: ${noDriver} (install chromium and libvulkan1 to run it).`)

/** Relative tolerance: float32 sums in a different order on the GPU differ in the last digits. */
const TOLERANCE = 1e-4

afterAll(async () => {
  await tf.setBackend('cpu')
})

async function twoSteps(): Promise<number[]> {
  const data = clusteredMatrix(32, 16, 4, 3)
  const trainer = createAutoencoderTrainer(data, { kind: 'dense', hidden: [24, 12], latent: 4, learningRate: 1e-2, contrastive: { weight: 0.1, margin: 1 } }, 11)
  const rows = range(32)
  const losses = [await trainer.trainBatch(rows, 0), await trainer.trainBatch(rows, 0)]
  trainer.dispose()
  return losses
}

describe.skipIf(noDriver !== null)('the WebGPU backend on SwiftShader', () => {
  it('trains a step of the dense autoencoder with the loss the CPU backend gives', async () => {
    process.env['VK_ICD_FILENAMES'] = SWIFTSHADER
    process.env['XDG_RUNTIME_DIR'] ??= '/tmp/likeness-xdg'
    mkdirSync(process.env['XDG_RUNTIME_DIR'], { recursive: true, mode: 0o700 })
    await selectBackend({ force: 'cpu' })
    const onCpu = await twoSteps()
    const report = await selectBackend({ force: 'webgpu' })
    expect(report.name).toBe('webgpu')
    expect(tf.getBackend()).toBe('webgpu')
    const onGpu = await twoSteps()
    // The first loss checks the forward pass, the second the gradients and the Adam update.
    for (let i = 0; i < 2; i++) expect(Math.abs(onGpu[i]! - onCpu[i]!) / onCpu[i]!).toBeLessThan(TOLERANCE)
    expect(onGpu[1]).toBeLessThan(onGpu[0]!)
  })
})
