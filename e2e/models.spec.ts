import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import sharp from 'sharp'
import type { Locator, Page } from 'playwright-core'
import { openApp, startImport, snapshot, type AppUnderTest } from './helpers/app'
import { writeBytes } from '../src/main/test-support/fixtures'
import { seededRandom } from '../src/main/engine/random'

const SPEC = 'models'
// Two folders of 20: the engine holds a tenth of each folder out for validation, and the Siamese
// measures need two held-out images of a folder to form a pair.
const GROUPS = ['red', 'blue'] as const
/** The colour channel each folder's images are bright in. */
const CHANNEL = { red: 0, blue: 2 } as const
const PER_GROUP = 20
const TOTAL = GROUPS.length * PER_GROUP
const SIDE = 12

let app: AppUnderTest
let page: Page
let photos: string

/** A small image of one colour with noise over it, so the folders are told apart by what they show. */
function groupImage(channel: number, seed: number): Promise<Buffer> {
  const random = seededRandom(seed)
  const pixels = Buffer.alloc(SIDE * SIDE * 3)
  for (let i = 0; i < pixels.length; i++) {
    const base = i % 3 === channel ? 200 : 40
    pixels[i] = Math.max(0, Math.min(255, base + Math.floor((random() - 0.5) * 80)))
  }
  return sharp(pixels, { raw: { width: SIDE, height: SIDE, channels: 3 } }).png().toBuffer()
}

const model = (kind: string): Locator => page.locator(`[data-testid="model"][data-kind="${kind}"]`)
const learn = (): Locator => page.getByTestId('learn-section')

async function train(tab: 'autoencoder' | 'siamese', epochs: number): Promise<void> {
  await learn().getByTestId(`learn-${tab}-tab`).click()
  const prefix = tab === 'autoencoder' ? 'ae' : 'siamese'
  await learn().getByTestId(`${prefix}-epochs`).fill(String(epochs))
  await learn().getByTestId('models-backend').selectOption('cpu')
  await learn().getByTestId(`${prefix}-submit`).click()
}

beforeAll(async () => {
  app = await openApp('likeness-e2e-models-', { width: 1400, height: 1100 }, async (root) => {
    photos = join(root, 'swatches')
    for (const [g, group] of GROUPS.entries()) {
      for (let i = 0; i < PER_GROUP; i++) writeBytes(join(photos, group, `${group}-${i}.png`), await groupImage(CHANNEL[group], 100 * g + i))
    }
  })
  page = app.page
})

afterAll(() => app?.close())

describe('learned features in the browser against likeness serve', () => {
  it('offers the three ways to learn features, with the backend that runs', async () => {
    await page.goto(app.server.url)
    await startImport(page, photos)
    await expect.poll(() => page.locator('[data-testid^="job-"][data-state="done"]').count(), { timeout: 60_000 }).toBe(1)
    await expect.poll(() => page.getByTestId('thumb').count()).toBe(TOTAL)
    await page.getByTestId('features-toggle').click()
    await expect.poll(() => page.getByTestId('feature-set').count()).toBe(1)
    expect(await learn().isVisible()).toBe(true)
    expect(await learn().getByTestId('models-empty').innerText()).toMatch(/No models yet/)
    // The engine tries each backend once, best first, before it can say which runs.
    await expect.poll(() => learn().getByTestId('models-backend-line').count(), { timeout: 60_000 }).toBe(1)
    expect(await learn().getByTestId('models-backend-line').innerText()).toMatch(/^Runs on /)
    const options = await learn()
      .getByTestId('models-backend')
      .locator('option')
      .evaluateAll((all) => all.map((o) => (o as HTMLOptionElement).value))
    expect(options).toEqual(['auto', 'tfjs-node-gpu', 'webgpu', 'tfjs-node', 'wasm', 'cpu'])
    await learn().getByTestId('learn-onnx-tab').click()
    expect(await learn().getByTestId('onnx-known').innerText()).toMatch(/CLIP ViT-B\/32[\s\S]*DINOv2 ViT-S\/14[\s\S]*ResNet-50/)
    await learn().getByTestId('onnx-path').fill('models/clip.onnx')
    await learn().getByTestId('onnx-submit').click()
    expect(await learn().getByTestId('onnx-error').innerText()).toMatch(/full path/)
    await learn().getByTestId('learn-onnx').scrollIntoViewIfNeeded()
    await snapshot(page, SPEC, '01-learn-section')
  })

  it('trains an autoencoder for 2 epochs on the CPU: a curve of 2 points and a new feature set', async () => {
    await train('autoencoder', 2)
    await expect.poll(() => model('autoencoder').getAttribute('data-state'), { timeout: 240_000 }).toBe('ready')
    const training = learn().getByTestId('training')
    await expect.poll(() => training.getByTestId('loss-curve').getAttribute('data-points'), { timeout: 30_000 }).toBe('2')
    expect(await model('autoencoder').getByTestId('model-epochs').innerText()).toMatch(/^2 epochs/)
    expect(await model('autoencoder').getByTestId('model-feature-set').innerText()).not.toBe('—')
    await expect.poll(() => page.getByTestId('feature-set').count(), { timeout: 30_000 }).toBe(2)
    await model('autoencoder').getByTestId('model-details').click()
    const details = model('autoencoder').locator('xpath=following-sibling::tr[1]')
    expect(await details.getByTestId('loss-curve').getAttribute('data-points')).toBe('2')
    // An autoencoder compares too: by the cosine of its embeddings, with no threshold to judge by.
    expect(await details.getByTestId('compare-tool').count()).toBe(1)
    await model('autoencoder').scrollIntoViewIfNeeded()
    await snapshot(page, SPEC, '02-autoencoder-trained')
  })

  it('runs a clustering on the learned feature set and shows the map', async () => {
    await page.getByTestId('room-map').click()
    const featureSet = page.getByTestId('run-feature-set')
    await expect.poll(() => featureSet.locator('option').count(), { timeout: 30_000 }).toBe(2)
    const learned = await featureSet.locator('option').evaluateAll((all) =>
      all.filter((o) => !/^HOG/.test(o.textContent ?? '')).map((o) => (o as HTMLOptionElement).value)
    )
    expect(learned).toHaveLength(1)
    await featureSet.selectOption(learned[0]!)
    await page.getByTestId('run-start').click()
    await expect.poll(() => page.getByTestId('scatter').count(), { timeout: 120_000 }).toBe(1)
    await expect.poll(() => page.getByTestId('scatter').getAttribute('data-points'), { timeout: 30_000 }).toBe(String(TOTAL))
    await snapshot(page, SPEC, '03-map-on-learned-set')
    await page.getByTestId('room-images').click()
  })

  it('trains a Siamese network on the folders and shows its validation metrics and a comparison', async () => {
    if ((await learn().count()) === 0) await page.getByTestId('features-toggle').click()
    await train('siamese', 3)
    await expect.poll(() => model('siamese').getAttribute('data-state'), { timeout: 240_000 }).toBe('ready')
    const metrics = model('siamese').getByTestId('model-metrics')
    expect(await metrics.innerText()).toMatch(/triplet accuracy \d+(\.\d)?%/)
    expect(await metrics.innerText()).toMatch(/AUC \d\.\d{3}/)
    expect(await metrics.innerText()).toMatch(/recall@1 \d+(\.\d)?%/)
    await model('siamese').getByTestId('model-details').click()
    const tool = model('siamese').locator('xpath=following-sibling::tr[1]').getByTestId('compare-tool')
    await expect.poll(() => tool.getByTestId('compare-a').locator('option').count()).toBe(TOTAL + 1)
    await tool.getByTestId('compare-a').selectOption({ label: 'red/red-0.png' })
    await tool.getByTestId('compare-b').selectOption({ label: 'red/red-1.png' })
    await tool.getByTestId('compare-submit').click()
    await expect.poll(() => tool.getByTestId('compare-result').count(), { timeout: 30_000 }).toBe(1)
    const similarity = Number(await tool.getByTestId('compare-result').getAttribute('data-similarity'))
    expect(similarity).toBeGreaterThanOrEqual(0)
    expect(similarity).toBeLessThanOrEqual(1)
    expect(await tool.getByTestId('compare-result').innerText()).toMatch(/similarity \d\.\d\d/)
    await tool.scrollIntoViewIfNeeded()
    await snapshot(page, SPEC, '04-siamese-metrics')
  })

  it('cancels a training, keeps the model as cancelled, and resumes it to the end', async () => {
    const before = await model('autoencoder').count()
    await train('autoencoder', 30)
    const running = page.locator('[data-testid^="job-"][data-state="running"]')
    await expect.poll(() => running.getByTestId('progress-phase').first().innerText(), { timeout: 120_000 }).toMatch(/Epoch \d+ of 30/)
    // The Learn section follows it too: the epoch, the time left, the curve so far.
    const status = learn().getByTestId('training-status').first()
    await expect.poll(() => status.innerText(), { timeout: 60_000 }).toMatch(/Epoch \d+ of 30 · about .+ left/)
    await learn().getByTestId('training').first().scrollIntoViewIfNeeded()
    await snapshot(page, SPEC, '05-training-running')
    await running.first().getByTestId('job-cancel').click()
    const cancelled = page.locator('[data-testid="model"][data-kind="autoencoder"][data-state="cancelled"]')
    await expect.poll(() => cancelled.count(), { timeout: 60_000 }).toBe(1)
    expect(await model('autoencoder').count()).toBe(before + 1)
    expect(await cancelled.getByTestId('model-state').innerText()).toMatch(/cancelled/)
    const id = await cancelled.getAttribute('data-model-id')
    const epochsAtCancel = Number(/^\d+/.exec(await cancelled.getByTestId('model-epochs').innerText())?.[0] ?? 0)
    expect(epochsAtCancel).toBeLessThan(30)
    await cancelled.scrollIntoViewIfNeeded()
    await snapshot(page, SPEC, '06-cancelled')

    await cancelled.getByTestId('model-resume').click()
    const resumed = page.locator(`[data-testid="model"][data-model-id="${id}"]`)
    await expect.poll(() => resumed.getAttribute('data-state'), { timeout: 300_000 }).toBe('ready')
    // The same model trained on from its checkpoint: no new row, more epochs than at the cancel.
    expect(await model('autoencoder').count()).toBe(before + 1)
    const epochs = Number(/^\d+/.exec(await resumed.getByTestId('model-epochs').innerText())?.[0] ?? 0)
    expect(epochs).toBeGreaterThan(epochsAtCancel)
    await resumed.scrollIntoViewIfNeeded()
    await snapshot(page, SPEC, '07-resumed')
  })

  it('removes a model only on a confirming second click, keeping its feature set', async () => {
    const sets = await page.getByTestId('feature-set').count()
    const remove = model('siamese').getByTestId('model-remove')
    await remove.click()
    expect(await remove.innerText()).toBe('Click to confirm')
    expect(await model('siamese').count()).toBe(1)
    await remove.click()
    await expect.poll(() => model('siamese').count()).toBe(0)
    expect(await page.getByTestId('feature-set').count()).toBe(sets)
    await learn().getByTestId('models-table').scrollIntoViewIfNeeded()
    await snapshot(page, SPEC, '08-removed')
  })
})
