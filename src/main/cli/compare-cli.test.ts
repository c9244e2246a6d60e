// Spawns the built CLI (bin/likeness.js → out/main/cli.js): run "npm run build" before this file alone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { expectBuiltCli, likeness } from '../test-support/built-cli'
import { writeBytes } from '../test-support/fixtures'
import { seededRandom } from '../engine/random'

const SIDE = 12
let dir: string
let folder: string
let db: string

/** A small image bright in one colour channel, with noise over it. */
function swatch(channel: number, seed: number): Promise<Buffer> {
  const random = seededRandom(seed)
  const pixels = Buffer.alloc(SIDE * SIDE * 3)
  for (let i = 0; i < pixels.length; i++) pixels[i] = Math.max(0, Math.min(255, (i % 3 === channel ? 200 : 40) + Math.floor((random() - 0.5) * 80)))
  return sharp(pixels, { raw: { width: SIDE, height: SIDE, channels: 3 } }).png().toBuffer()
}

beforeAll(async () => {
  expectBuiltCli()
  dir = mkdtempSync(join(tmpdir(), 'likeness-compare-cli-'))
  folder = join(dir, 'swatches')
  db = join(dir, 'library.sqlite')
  for (let i = 0; i < 10; i++) {
    writeBytes(join(folder, 'red', `r-${i}.png`), await swatch(0, i))
    writeBytes(join(folder, 'blue', `b-${i}.png`), await swatch(2, 100 + i))
  }
  writeBytes(join(dir, 'outside', 'copy.png'), await swatch(2, 104))
  expect(likeness(['import', folder, '--db', db]).status).toBe(0)
  const trained = likeness(['train', 'swatches', '--model', 'siamese', '--epochs', '2', '--backend', 'cpu', '--param', 'widths=16', '--param', 'latent=8', '--param', 'batchSize=8', '--db', db])
  expect(trained.status, trained.stderr).toBe(0)
}, 240_000)
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('likeness compare with a model', () => {
  it('lists the items nearest to an image file from outside the dataset, its own copy first', () => {
    const r = likeness(['compare', 'swatches', '--model', '1', join(dir, 'outside', 'copy.png'), '-k', '3', '--db', db])
    expect(r.status, r.stderr).toBe(0)
    expect(r.stdout).toMatch(/^Nearest to .*outside\/copy\.png by model 1/)
    const rows = r.stdout.trim().split('\n').slice(1)
    expect(rows).toHaveLength(3)
    expect(rows[0]).toMatch(/^ {3}1 {2}blue\/b-4\.png +item \d+ +similarity \d\.\d{4} {2}distance 0\.0000/)
    expect(rows[2]).toMatch(/^ {3}3 {2}\S+\.png/)
    const json = likeness(['compare', 'swatches', '--model', '1', join(dir, 'outside', 'copy.png'), '--json', '--db', db])
    const result = JSON.parse(json.stdout) as { neighbours: { path: string; distance: number }[]; threshold: number | null }
    expect(result.neighbours).toHaveLength(10)
    expect(result.neighbours[0]!.path).toBe('blue/b-4.png')
    expect(result.neighbours[0]!.distance).toBeLessThan(1e-4)
  }, 120_000)

  it('gives the similarity, distance and verdict of two items, or of an item and a file', () => {
    const same = likeness(['compare', 'swatches', '--model', '1', 'blue/b-4.png', join(dir, 'outside', 'copy.png'), '--json', '--db', db])
    expect(same.status, same.stderr).toBe(0)
    const pair = JSON.parse(same.stdout) as { distance: number; similar: boolean | null; similarity: number }
    expect(pair.distance).toBeLessThan(1e-4)
    const text = likeness(['compare', 'swatches', '--model', '1', 'red/r-1.png', 'blue/b-2.png', '--db', db])
    expect(text.status, text.stderr).toBe(0)
    expect(text.stdout).toMatch(/^Similarity \d\.\d{4}, distance \d+\.\d{4}: (not )?similar \((within|beyond) the threshold \d+\.\d{4}\)\.|no verdict/)
  }, 120_000)

  it('says what is wrong with a missing image, a text file, a bad -k and an unknown model', () => {
    writeFileSync(join(dir, 'notes.txt'), 'no pixels here')
    const missing = likeness(['compare', 'swatches', '--model', '1', 'red/r-99.png', '--db', db])
    expect(missing.status).toBe(2)
    expect(missing.stderr).toMatch(/"red\/r-99\.png" is neither an item of swatches \(its id, or its path such as blue\/b-0\.png\) nor an image file/)
    expect(likeness(['compare', 'swatches', '--model', '1', join(dir, 'notes.txt'), '--db', db]).stderr).toMatch(/notes\.txt is not an image Likeness reads/)
    expect(likeness(['compare', 'swatches', '--model', '1', 'red/r-1.png', '-k', '0', '--db', db]).stderr).toMatch(/-k takes a whole number from 1 to 100/)
    expect(likeness(['compare', 'swatches', '--model', '9', 'red/r-1.png', '--db', db]).stderr).toMatch(/There is no model 9/)
    // Without --model the command keeps comparing two files by every hand-made measure.
    const plain = likeness(['compare', join(folder, 'red', 'r-1.png'), join(folder, 'blue', 'b-2.png')])
    expect(plain.status, plain.stderr).toBe(0)
    expect(plain.stdout).toMatch(/Euclidean/i)
  }, 120_000)
})
