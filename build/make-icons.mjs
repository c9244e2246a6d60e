// Draws the app icon from one SVG with sharp and writes what electron-builder takes from build/:
// icon.png (1024 px, macOS/Linux source), icons/<n>x<n>.png (Linux), icon.ico (Windows) and icon.icns
// (macOS). Run it again after changing the drawing: `node build/make-icons.mjs`.
//
// The ICO and ICNS containers are written by hand: both formats may embed PNG images as they are, so
// each is a short header plus a table of PNG entries (about twenty lines below), which is smaller than
// the dependencies of the icon-conversion packages and needs no ImageMagick or iconutil.
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import sharp from 'sharp'

const dir = dirname(fileURLToPath(import.meta.url))

// Three clusters of dots on a dark rounded square: the app's scatter plot in miniature.
const clusters = [
  { fill: '#4f9dff', points: [[300, 330], [360, 290], [350, 380], [270, 400], [410, 350]] },
  { fill: '#ff8a3d', points: [[640, 300], [720, 340], [680, 400], [600, 380], [760, 270]] },
  { fill: '#3ddc97', points: [[470, 700], [540, 650], [560, 740], [480, 790], [620, 700]] }
]
const dots = clusters
  .flatMap(({ fill, points }) => points.map(([x, y]) => `<circle cx="${x}" cy="${y}" r="46" fill="${fill}"/>`))
  .join('')
const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1024" height="1024" viewBox="0 0 1024 1024">
<rect x="64" y="64" width="896" height="896" rx="200" fill="#1d2330"/>${dots}</svg>`

const png = (size) => sharp(Buffer.from(svg), { density: 72 * (size / 1024) * 4 }).resize(size, size).png().toBuffer()

/** ICO: 6-byte header, a 16-byte entry per image (width/height 0 means 256), then the PNG data. */
export function ico(images) {
  const header = Buffer.alloc(6 + 16 * images.length)
  header.writeUInt16LE(1, 2)
  header.writeUInt16LE(images.length, 4)
  let offset = header.length
  images.forEach(({ size, data }, i) => {
    const entry = 6 + 16 * i
    header.writeUInt8(size >= 256 ? 0 : size, entry)
    header.writeUInt8(size >= 256 ? 0 : size, entry + 1)
    header.writeUInt16LE(1, entry + 4) // colour planes
    header.writeUInt16LE(32, entry + 6) // bits per pixel
    header.writeUInt32LE(data.length, entry + 8)
    header.writeUInt32LE(offset, entry + 12)
    offset += data.length
  })
  return Buffer.concat([header, ...images.map((image) => image.data)])
}

/** ICNS: 'icns' and the file's length, then per image its type, its length with this 8-byte header, the PNG. */
export function icns(images) {
  const parts = images.map(({ type, data }) => {
    const head = Buffer.alloc(8)
    head.write(type, 0, 'ascii')
    head.writeUInt32BE(data.length + 8, 4)
    return Buffer.concat([head, data])
  })
  const head = Buffer.alloc(8)
  head.write('icns', 0, 'ascii')
  head.writeUInt32BE(8 + parts.reduce((sum, part) => sum + part.length, 0), 4)
  return Buffer.concat([head, ...parts])
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const sizes = [16, 32, 48, 64, 128, 256, 512, 1024]
  const images = new Map(await Promise.all(sizes.map(async (size) => [size, await png(size)])))
  mkdirSync(join(dir, 'icons'), { recursive: true })
  writeFileSync(join(dir, 'icon.png'), images.get(1024))
  for (const size of [16, 32, 48, 64, 128, 256, 512]) writeFileSync(join(dir, 'icons', `${size}x${size}.png`), images.get(size))
  writeFileSync(join(dir, 'icon.ico'), ico([16, 32, 48, 64, 128, 256].map((size) => ({ size, data: images.get(size) }))))
  // ic07..ic10 are the PNG-based 128, 256, 512 and 1024 px entries (1024 is 512@2x on Retina).
  const types = { ic07: 128, ic08: 256, ic09: 512, ic10: 1024 }
  writeFileSync(join(dir, 'icon.icns'), icns(Object.entries(types).map(([type, size]) => ({ type, data: images.get(size) }))))
  console.log(`Wrote icons to ${dir}`)
}
