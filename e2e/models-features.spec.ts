import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Locator, Page } from 'playwright-core'
import { openApp, startImport, snapshot, type AppUnderTest } from './helpers/app'
import { twoClouds } from '../src/main/engine/nn/siamese-test-data'

const SPEC = 'models-features'
const PER_CLASS = 20

let app: AppUnderTest
let page: Page
let csv: string

const learn = (): Locator => page.getByTestId('learn-section')
const model = (kind: string): Locator => page.locator(`[data-testid="model"][data-kind="${kind}"]`)

beforeAll(async () => {
  app = await openApp('likeness-e2e-models-features-', { width: 1400, height: 1100 }, (root) => {
    csv = join(root, 'clouds.csv')
    const { data, labels } = twoClouds(PER_CLASS, 4, 9)
    const rows = Array.from(labels, (c, r) => [...Array.from(data.data.subarray(r * 4, (r + 1) * 4), (v) => v.toFixed(4)), c === 0 ? 'east' : 'west'].join(','))
    writeFileSync(csv, `a,b,c,d,kind\n${rows.join('\n')}\n`)
  })
  page = app.page
})

afterAll(() => app?.close())

describe('learning on the vectors of a file with a label column', () => {
  it('offers the file’s own vectors to learn from, and no pretrained image encoder', async () => {
    await page.goto(app.server.url)
    await startImport(page, csv)
    await expect.poll(() => page.locator('[data-testid^="job-"][data-state="done"]').count(), { timeout: 60_000 }).toBe(1)
    await page.getByTestId('features-toggle').click()
    await expect.poll(() => learn().count(), { timeout: 30_000 }).toBe(1)
    expect(await learn().getByTestId('learn-onnx-tab').count()).toBe(0)
    await learn().getByTestId('learn-siamese-tab').click()
    const source = learn().getByTestId('siamese-source')
    await expect.poll(() => source.locator('option').count(), { timeout: 30_000 }).toBe(1)
    expect(await source.locator('option:checked').innerText()).toBe('From the file (4 values)')
    expect(await learn().getByTestId('learn-siamese').innerText()).toMatch(/the label column of the file \(2 groups\)/)
    await learn().getByTestId('learn-siamese').scrollIntoViewIfNeeded()
    await snapshot(page, SPEC, '01-learn-from-the-file')
  })

  it('trains a Siamese head on them, which adds a feature set', async () => {
    await learn().getByTestId('siamese-epochs').fill('2')
    await learn().getByTestId('models-backend').selectOption('cpu')
    await learn().getByTestId('siamese-submit').click()
    await expect.poll(() => model('siamese').getAttribute('data-state'), { timeout: 240_000 }).toBe('ready')
    expect(await model('siamese').locator('th').first().innerText()).toMatch(/^Siamese head \(triplet, 64 values\)/)
    expect(await model('siamese').getByTestId('model-reason').innerText()).toMatch(/learns on top of the 4 values of feature set \d+ \(From the file\)/)
    await expect.poll(() => page.getByTestId('feature-set').count(), { timeout: 30_000 }).toBe(2)
    await model('siamese').scrollIntoViewIfNeeded()
    await snapshot(page, SPEC, '02-siamese-head-trained')
  })
})
