// Spawns the built CLI (bin/likeness.js → out/main/cli.js), so it also checks that the build bundles
// the training thread: "npm test" builds before the unit tests; run "npm run build" before this file alone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { bin, expectBuiltCli, likeness, repo } from '../test-support/built-cli'
import { writeBytes } from '../test-support/fixtures'
import { tinyImageModel, writeModel } from '../test-support/onnx-model'

let dir: string
let folder: string
let db: string

beforeAll(async () => {
  expectBuiltCli()
  dir = mkdtempSync(join(tmpdir(), 'likeness-models-cli-'))
  folder = join(dir, 'shapes')
  db = join(dir, 'library.sqlite')
  for (let i = 0; i < 12; i++) {
    const background = i % 2 === 0 ? { r: 200 + i, g: 20, b: 20 } : { r: 20, g: 20 + i, b: 200 }
    writeBytes(join(folder, i % 2 === 0 ? 'red' : 'blue', `s-${i}.png`), await sharp({ create: { width: 12, height: 12, channels: 3, background } }).png().toBuffer())
  }
  expect(likeness(['import', folder, '--db', db]).status).toBe(0)
}, 120_000)
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('likeness train, embed, models, backends', () => {
  it('trains an autoencoder: the backend, one line per epoch, then the model, its feature set and measures', () => {
    const r = likeness(['train', 'shapes', '--model', 'autoencoder', '--epochs', '2', '--backend', 'cpu', '--param', 'hidden=8', '--param', 'latent=3', '--param', 'batchSize=4', '--db', db])
    expect(r.status, r.stderr).toBe(0)
    expect(r.stderr).toMatch(/Backend: cpu on /)
    expect(r.stderr).toMatch(/Epoch 1\/2 {2}loss \d+\.\d{4} {2}val loss \d+\.\d{4} {2}ETA \d+ s/)
    expect(r.stderr).toMatch(/Epoch 2\/2 /)
    expect(r.stdout).toMatch(/Model 1 trained \(2 epochs, best [12], [\d.]+ s on cpu\)\./)
    expect(r.stdout).toMatch(/Feature set \d+: the embeddings of shapes\./)
    expect(r.stdout).toMatch(/Measures on 1 held-out image: loss [\d.]+, valLoss [\d.]+\n/)
    const listed = likeness(['models', 'shapes', '--db', db])
    expect(listed.stdout).toMatch(/ {3}1 {2}Autoencoder \(dense, latent 3\) {2}ready, dataset 1, feature set \d+, 2 epochs/)
  }, 120_000)

  it('embeds with an ONNX file and with a trained model', () => {
    const model = writeModel(join(dir, 'tiny.onnx'), tinyImageModel())
    writeFileSync(`${model}.likeness.json`, JSON.stringify({ size: 4, mean: [0, 0, 0], std: [1, 1, 1], scale: 255, resize: 'squash' }))
    const onnx = likeness(['embed', 'shapes', '--model', model, '--db', db, '--json'])
    expect(onnx.status, onnx.stderr).toBe(0)
    expect(JSON.parse(onnx.stdout).summary).toMatchObject({ vectors: 12, dimension: 2, failed: 0, modelId: 2 })
    const trained = likeness(['embed', 'shapes', '--model', '1', '--db', db])
    expect(trained.status, trained.stderr).toBe(0)
    expect(trained.stdout).toMatch(/Feature set \d+: 12 vectors of 3 values from model 1, 0 failed/)
    expect(likeness(['embed', 'shapes', '--model', join(dir, 'none.onnx'), '--db', db]).stderr).toMatch(/There is no file .*none\.onnx/)
  }, 120_000)

  it('refuses unknown options and wrong values with exit code 2 and the usage', () => {
    const unknown = likeness(['train', 'shapes', '--model', 'autoencoder', '--epoch', '2', '--db', db])
    expect(unknown.status).toBe(2)
    expect(unknown.stderr).toMatch(/Unknown option '--epoch'/)
    expect(unknown.stderr).toMatch(/likeness train <dataset> --model autoencoder\|siamese/)
    expect(likeness(['train', 'shapes', '--model', 'forest', '--db', db]).status).toBe(2)
    expect(likeness(['train', 'shapes', '--model', 'siamese', '--backend', 'gpu', '--db', db]).stderr).toMatch(/There is no backend "gpu"/)
    expect(likeness(['embed', 'shapes', '--db', db]).status).toBe(2)
    const help = likeness(['train', '--help'])
    expect(help.status).toBe(0)
    expect(help.stdout).toMatch(/--resume <model id>/)
  })

  it('cancels on Ctrl-C after a batch, keeps the checkpoint and says how to resume', async () => {
    const args = ['train', 'shapes', '--model', 'autoencoder', '--epochs', '150', '--backend', 'cpu', '--param', 'hidden=8', '--param', 'latent=2', '--param', 'batchSize=4', '--param', 'patience=0', '--db', db]
    const child = spawn(process.execPath, [bin, ...args], { cwd: repo })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    const firstEpoch = new Promise<void>((resolve) =>
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString()
        if (/Epoch 1\/150/.test(stderr)) resolve()
      })
    )
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
    await firstEpoch
    child.kill('SIGINT')
    expect(await exited).toBe(1)
    expect(stderr).toMatch(/Cancelling after this batch/)
    const resume = /Resume it with: likeness train 1 --resume (\d+)/.exec(stdout)
    expect(resume, stdout).not.toBeNull()
    const again = likeness(['train', 'shapes', '--resume', resume![1]!, '--db', db])
    expect(again.status, again.stderr).toBe(0)
    expect(again.stdout).toMatch(new RegExp(`Model ${resume![1]} trained \\(150 epochs`))
  }, 120_000)

  it('prints the backend report', () => {
    const r = likeness(['backends'])
    expect(r.status, r.stderr).toBe(0)
    expect(r.stdout).toMatch(/✓ cpu {12}CPU/)
    expect(r.stdout).toMatch(/Backend: \S+ on /)
  }, 60_000)
})
