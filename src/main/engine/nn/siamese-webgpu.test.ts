/**
 * The Siamese trainer on WebGPU in Node (Dawn on Chromium's SwiftShader Vulkan driver), where a
 * tensor can be read back only asynchronously: a training step, embed() and fitFusion() run there
 * and give the embeddings the JS CPU backend gives. In its own file because the Vulkan driver is
 * chosen by environment variables read when Dawn first starts in the process.
 */
import { existsSync, mkdirSync } from 'node:fs'
import { afterAll, describe, expect, it } from 'vitest'
import { tf } from './tf'
import { selectBackend } from './backends'
import { createSiameseTrainer } from './siamese'
import { twoClouds } from './siamese-test-data'
import { range } from './test-data'

const SWIFTSHADER = '/usr/lib/chromium/vk_swiftshader_icd.json'
const LIBVULKAN = ['/usr/lib/x86_64-linux-gnu/libvulkan.so.1', '/usr/lib/aarch64-linux-gnu/libvulkan.so.1', '/usr/lib/libvulkan.so.1']
const noDriver = !existsSync(SWIFTSHADER) ? `${SWIFTSHADER} is not installed` : !LIBVULKAN.some((p) => existsSync(p)) ? 'libvulkan is not installed' : null
if (noDriver !== null) console.log(`Skipping the WebGPU check: ${noDriver} (install chromium and libvulkan1 to run it).`)

afterAll(async () => {
  await tf.setBackend('cpu')
})

async function trainAndEmbed(): Promise<{ embedding: Float32Array; fusionWeights: number[] }> {
  const { data, labels } = twoClouds(16, 6, 2)
  const trainer = createSiameseTrainer({ data, labels, preset: 'C', widths: [16], outputDim: 8, loss: 'triplet', mining: 'batch-hard', epochs: 2, seed: 4 })
  await trainer.trainBatch(range(32), 0)
  const embedding = await trainer.embed()
  const fusion = await trainer.fitFusion(range(32), 40, 1)
  trainer.dispose()
  return { embedding, fusionWeights: fusion.weights }
}

describe.skipIf(noDriver !== null)('the Siamese trainer on WebGPU (SwiftShader)', () => {
  it('trains a step, embeds and fits the fusion with the values the CPU backend gives', async () => {
    process.env['VK_ICD_FILENAMES'] = SWIFTSHADER
    process.env['XDG_RUNTIME_DIR'] ??= '/tmp/likeness-xdg'
    mkdirSync(process.env['XDG_RUNTIME_DIR'], { recursive: true, mode: 0o700 })
    await selectBackend({ force: 'cpu' })
    const onCpu = await trainAndEmbed()
    expect((await selectBackend({ force: 'webgpu' })).name).toBe('webgpu')
    const onGpu = await trainAndEmbed()
    expect(onGpu.embedding).toHaveLength(32 * 8)
    let worst = 0
    for (let k = 0; k < onCpu.embedding.length; k++) worst = Math.max(worst, Math.abs(onGpu.embedding[k]! - onCpu.embedding[k]!))
    expect(worst).toBeLessThan(1e-4)
    expect(onGpu.fusionWeights.every(Number.isFinite)).toBe(true)
  })
})
