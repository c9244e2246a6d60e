import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { openApp, snapshot, startImport, type AppUnderTest } from './helpers/app'
import { generateFamilies } from '../src/main/engine/sequences'

const SPEC = 'sequences'
const FAMILIES = 5
const MEMBERS = 10
const data = generateFamilies({ families: FAMILIES, membersPerFamily: MEMBERS, minLength: 150, maxLength: 300, rate: 0.05, seed: 12 })

let app: AppUnderTest
let page: Page
let fasta: string

beforeAll(async () => {
  app = await openApp('likeness-e2e-sequences-', { width: 1400, height: 900 }, (root) => {
    fasta = join(root, 'families.fasta')
    const records = data.sequences.map((s, i) => `>fam${data.family[i]}_${i % MEMBERS} group=family${data.family[i]}\n${s}`)
    writeFileSync(fasta, `${records.join('\n')}\n`)
  })
  page = app.page
})

afterAll(() => app?.close())

describe('a FASTA of sequence families', () => {
  it('imports the file and offers the sequence settings with their reasons', async () => {
    await page.goto(app.server.url)
    await startImport(page, fasta)
    await expect.poll(() => page.locator('[data-testid^="job-"][data-state="done"]').count(), { timeout: 60_000 }).toBe(1)
    await expect.poll(() => page.getByTestId('count-items').innerText()).toBe(String(FAMILIES * MEMBERS))
    await page.getByTestId('room-map').click()
    await expect.poll(() => page.getByTestId('run-sequences-intro').count()).toBe(1)
    expect(await page.getByTestId('run-seq-k').inputValue()).toBe('auto')
    expect(await page.getByTestId('run-seq-max-distance').inputValue()).toBe('0.2')
    expect(await page.getByTestId('run-seq-k-reason').innerText()).toMatch(/alphabet and the lengths/)
    // A feature set does not apply here, and its absence does not block the run.
    expect(await page.getByTestId('run-feature-set').count()).toBe(0)
    expect(await page.getByTestId('run-start').isDisabled()).toBe(false)
    await snapshot(page, SPEC, '01-sequence-settings')
  })

  it('says which field is wrong before starting', async () => {
    await page.getByTestId('run-seq-k').fill('1')
    await page.getByTestId('run-start').click()
    await expect.poll(() => page.getByTestId('run-error').innerText()).toMatch(/k-mer length takes a whole number from 2/)
    await snapshot(page, SPEC, '02-wrong-k')
    await page.getByTestId('run-reset').click()
    expect(await page.getByTestId('run-seq-k').inputValue()).toBe('auto')
  })

  it('runs with the defaults and shows the families on the map', async () => {
    await page.getByTestId('run-start').click()
    await expect.poll(() => page.getByTestId('scatter').count(), { timeout: 120_000 }).toBe(1)
    const result = page.getByTestId('run-result')
    await expect.poll(() => result.getAttribute('data-clusters'), { timeout: 60_000 }).toBe(String(FAMILIES))
    expect(await result.getAttribute('data-n')).toBe(String(FAMILIES * MEMBERS))
    expect(Number(await result.getAttribute('data-acc'))).toBeGreaterThanOrEqual(0.9)
    expect(await result.innerText()).toMatch(/Levenshtein distances computed for \d+ pairs/)
    expect(await page.getByTestId('run-algo-line').innerText()).toMatch(/^DBSCAN · largest distance 0\.2 · min samples 3 · k-mers of \d+$/)
    await snapshot(page, SPEC, '03-map')
  })

  it('shows a cluster as tiles of its sequences', async () => {
    await page.getByTestId('room-clusters').click()
    await expect.poll(() => page.getByTestId('cluster-card').count()).toBe(FAMILIES)
    await page.getByTestId('cluster-card').first().click()
    const gallery = page.getByTestId('cluster-gallery')
    expect(await gallery.getAttribute('data-count')).toBe(String(MEMBERS))
    const tiles = gallery.getByTestId('sequence-tile')
    await expect.poll(() => tiles.count()).toBe(MEMBERS)
    const shown = await tiles.allInnerTexts()
    // Each tile holds the first 60 residues of one of the family's sequences.
    for (const text of shown) {
      const residues = text.replace(/\s+/g, '')
      expect(residues).toHaveLength(60)
      expect(data.sequences.some((s) => s.startsWith(residues))).toBe(true)
    }
    const names = await gallery.getByTestId('thumb').locator('.name').allInnerTexts()
    expect(new Set(names.map((n) => n.split('_')[0])).size).toBe(1)
    await snapshot(page, SPEC, '04-cluster-gallery')
  })
})
