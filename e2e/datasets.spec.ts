import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { existsSync, symlinkSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { openApp, startImport, snapshot, type AppUnderTest } from './helpers/app'
import { noiseImage, pngClaimingSize, writeBytes } from '../src/main/test-support/fixtures'

const SPEC = 'datasets'
/** A file name long enough to wrap, for an image over the pixel limit, whose reason is long too. */
const LONG_NAME = `scan-of-the-whole-herbarium-sheet-${'with-every-label-visible-'.repeat(4)}2019.png`

let app: AppUnderTest
let page: Page
let shots: string
let other: string

const text = async (testId: string): Promise<string> => (await page.getByTestId(testId).first().innerText()).trim()
const jobOf = (name: string) => page.locator('[data-testid^="job-"]').filter({ hasText: `Import of ${name}` })

beforeAll(async () => {
  app = await openApp('likeness-e2e-datasets-', { width: 1300, height: 900 }, async (root) => {
    shots = join(root, 'shots')
    for (let i = 0; i < 6; i++) writeBytes(join(shots, `g${i % 2}`, `a-${i}.png`), await noiseImage(40, 30, i).png().toBuffer())
    writeBytes(join(shots, 'broken.png'), 'not a picture at all\n')
    writeBytes(join(shots, LONG_NAME), pngClaimingSize(3000, 2000))
    symlinkSync(join(shots, 'g0', 'a-0.png'), join(shots, 'link.png'))
    other = join(root, 'other')
    for (let i = 0; i < 2; i++) writeBytes(join(other, `b-${i}.png`), await noiseImage(30, 30, 50 + i).png().toBuffer())
  })
  page = app.page
})

afterAll(() => app?.close())

describe('a dataset with problems, then deleted', () => {
  it('imports with a pixel limit set in megapixels, the default shown beside it', async () => {
    await page.goto(app.server.url)
    await expect.poll(() => text('import-max-megapixels-help')).toMatch(/Default 268\b/)
    await page.getByTestId('import-max-megapixels').fill('5')
    await startImport(page, shots)
    await expect.poll(() => jobOf('shots').getAttribute('data-state'), { timeout: 60_000 }).toBe('done')
    await snapshot(page, SPEC, '01-imported')
  })

  it('counts the same files on the import card and in the header', async () => {
    await expect.poll(() => text('count-items')).toBe('8')
    expect(await text('count-decoded')).toBe('6')
    expect(await text('count-errors')).toBe('2')
    const outcome = await jobOf('shots').getByTestId('outcome').innerText()
    expect(outcome).toMatch(/^8 files · 6 decoded · 2 unreadable · 1 skipped in /)
  })

  it('lists the skipped link and the whole of a long reason, opened from the keyboard', async () => {
    await page.getByTestId('problem-summary').focus()
    await page.keyboard.press('Enter')
    const problems = page.getByTestId('problem')
    await expect.poll(() => problems.count()).toBe(3)
    const link = problems.filter({ has: page.getByTestId('problem-path').getByText('link.png', { exact: true }) })
    expect(await link.getAttribute('data-kind')).toBe('skipped')
    expect(await link.getByTestId('problem-reason').innerText()).toMatch(/Symbolic link not followed/)

    const large = problems.filter({ hasText: LONG_NAME })
    expect(await large.getByTestId('problem-path').innerText()).toBe(LONG_NAME)
    const reason = large.getByTestId('problem-reason')
    const whole = await reason.innerText()
    expect(whole).toContain('3000 × 2000 pixels exceeds the limit of 5,000,000 pixels')
    expect(whole).toMatch(/"Largest image" in the import panel .* and import the folder again\.$/)
    // Shown whole: nothing cut off to the side or below.
    const clipped = await reason.evaluate((el) => el.scrollWidth > el.clientWidth || el.scrollHeight > el.clientHeight)
    expect(clipped).toBe(false)
    expect(await problems.filter({ hasText: 'broken.png' }).getByTestId('problem-reason').innerText()).toMatch(/Not an image/)
    await snapshot(page, SPEC, '02-problems')
  })

  it('deletes a dataset after a confirmation that says what goes and that the files stay', async () => {
    await startImport(page, other)
    await expect.poll(() => jobOf('other').getAttribute('data-state'), { timeout: 60_000 }).toBe('done')
    await expect.poll(() => page.getByTestId('dataset-item').count()).toBe(2)
    await page.getByTestId('dataset-item').filter({ hasText: 'shots' }).click()
    await expect.poll(() => text('dataset-name')).toBe('shots')

    // Esc keeps the dataset.
    await page.getByTestId('dataset-delete').click()
    const dialog = page.getByTestId('delete-dialog')
    await expect.poll(() => dialog.isVisible()).toBe(true)
    await page.keyboard.press('Escape')
    await expect.poll(() => dialog.isVisible()).toBe(false)
    expect(await page.getByTestId('dataset-item').count()).toBe(2)

    await page.getByTestId('dataset-delete').focus()
    await page.keyboard.press('Enter')
    await expect.poll(() => dialog.isVisible()).toBe(true)
    await expect.poll(() => text('delete-runs')).toBe('0 runs')
    const says = await dialog.innerText()
    expect(says).toContain('8 images')
    expect(says).toContain('Your image files are not touched')
    await snapshot(page, SPEC, '03-confirm')
    await page.getByTestId('delete-confirm').click()

    await expect.poll(() => page.getByTestId('dataset-item').count()).toBe(1)
    await expect.poll(() => text('dataset-name')).toBe('other')
    expect(await page.getByTestId('dataset-item').first().getAttribute('aria-current')).toBe('true')
    expect(existsSync(join(shots, 'broken.png')) && existsSync(join(shots, 'g0', 'a-0.png'))).toBe(true)
    // Nothing still asks about the deleted dataset, and its import card went with it.
    expect(await page.getByTestId('toast').count()).toBe(0)
    expect(await jobOf('shots').count()).toBe(0)
    await snapshot(page, SPEC, '04-deleted')
  })

  it('stays deleted after a reload; deleting the last dataset shows the drop zone', async () => {
    await page.reload()
    await expect.poll(() => page.getByTestId('dataset-item').count()).toBe(1)
    expect(await page.getByTestId('dataset-item').first().innerText()).toMatch(/other/)
    await snapshot(page, SPEC, '05-reloaded')

    await page.getByTestId('dataset-delete').click()
    await page.getByTestId('delete-confirm').click()
    await expect.poll(() => page.getByTestId('empty-state').isVisible()).toBe(true)
    expect(await page.getByTestId('dataset-item').count()).toBe(0)
    await snapshot(page, SPEC, '06-empty')
  })
})
