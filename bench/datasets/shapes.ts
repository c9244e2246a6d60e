/**
 * Generated labelled images: shapes drawn as SVG and rendered by sharp (librsvg), the same files
 * for the same seed. Every image has its own size (40–360 px a side, aspect 3:4 to 4:3), so a
 * feature default made for one image size is tested on many.
 *
 *   shapes  eight kinds of shape, each filled with a random colour on a two-colour gradient,
 *           turned (±30°), scaled and moved at random, with a few small marks of clutter; 7 in 10
 *           written as PNG, the rest as JPEG (quality 80).
 *   styles  six kinds of shape in two styles: filled colour on a colour gradient, or black line
 *           art on white. The twelve groups fall into two super-groups, as colour drawings and
 *           line art do in a folder of clip art; a k chosen for the two styles alone is wrong.
 */
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import sharp from 'sharp'
import { forEachLimit, progressCounter, seededRandom, subSeed } from '../harness'

type Random = () => number
type Kind = 'circle' | 'square' | 'triangle' | 'star' | 'cross' | 'ring' | 'hexagon' | 'arrow'

const SHAPE_KINDS: readonly Kind[] = ['circle', 'square', 'triangle', 'star', 'cross', 'ring', 'hexagon', 'arrow']
const STYLE_KINDS: readonly Kind[] = ['circle', 'square', 'triangle', 'star', 'cross', 'arrow']

export async function writeShapes(dir: string, n: number, seed: number, concurrency: number): Promise<void> {
  await writeImages(dir, n, concurrency, 'shapes', (i) => {
    const random = seededRandom(subSeed(seed, i))
    const kind = SHAPE_KINDS[i % SHAPE_KINDS.length]!
    return { group: kind, ...drawImage(random, kind, 'colour', true) }
  })
}

export async function writeStyles(dir: string, n: number, seed: number, concurrency: number): Promise<void> {
  const groups = STYLE_KINDS.length * 2
  await writeImages(dir, n, concurrency, 'styles', (i) => {
    const random = seededRandom(subSeed(seed + 7919, i))
    const g = i % groups
    const kind = STYLE_KINDS[g % STYLE_KINDS.length]!
    const style = g < STYLE_KINDS.length ? 'colour' : 'line'
    return { group: `${style}-${kind}`, ...drawImage(random, kind, style, false) }
  })
}

interface Drawn {
  group: string
  svg: string
  width: number
  height: number
  jpeg: boolean
}

async function writeImages(dir: string, n: number, concurrency: number, label: string, draw: (i: number) => Drawn): Promise<void> {
  const counter = progressCounter(`drawing ${label}`, n)
  const width = String(n - 1).length
  const made = new Set<string>()
  await forEachLimit(Array.from({ length: n }, (_, i) => i), concurrency, async (i) => {
    const d = draw(i)
    const folder = join(dir, d.group)
    if (!made.has(folder)) {
      made.add(folder)
      await mkdir(folder, { recursive: true })
    }
    const image = sharp(Buffer.from(d.svg)).flatten({ background: '#ffffff' })
    const name = join(folder, `${String(i).padStart(width, '0')}.${d.jpeg ? 'jpg' : 'png'}`)
    await (d.jpeg ? image.jpeg({ quality: 80 }) : image.png()).toFile(name)
    counter.tick()
  })
}

function drawImage(random: Random, kind: Kind, style: 'colour' | 'line', clutter: boolean): Omit<Drawn, 'group'> {
  const side = 40 + Math.floor(random() * 320)
  const aspect = 0.75 + random() * (4 / 3 - 0.75)
  const width = aspect >= 1 ? Math.round(side * aspect) : side
  const height = aspect >= 1 ? side : Math.round(side / aspect)
  const short = Math.min(width, height)
  const r = short * (0.26 + random() * 0.14)
  const cx = width / 2 + (random() - 0.5) * 0.3 * short
  const cy = height / 2 + (random() - 0.5) * 0.3 * short
  // Upright, as icons and drawings mostly are, within ±30°.
  const turn = (random() - 0.5) * 60
  const parts: string[] = []
  let paint: string
  if (style === 'colour') {
    const darkGround = random() < 0.5
    const g1 = colour(random, darkGround ? [0.05, 0.35] : [0.7, 0.95])
    const g2 = colour(random, darkGround ? [0.05, 0.35] : [0.7, 0.95])
    const angle = Math.floor(random() * 4)
    const [x2, y2] = [[1, 0], [0, 1], [1, 1], [1, -1]][angle]!
    parts.push(`<defs><linearGradient id="g" x1="0" y1="${y2! < 0 ? 1 : 0}" x2="${x2}" y2="${Math.abs(y2!)}"><stop offset="0" stop-color="${g1}"/><stop offset="1" stop-color="${g2}"/></linearGradient></defs>`)
    parts.push(`<rect width="${width}" height="${height}" fill="url(#g)"/>`)
    const fill = colour(random, darkGround ? [0.6, 0.95] : [0.15, 0.45], true)
    paint = kind === 'ring' ? `fill="none" stroke="${fill}" stroke-width="${(r * 0.3).toFixed(1)}"` : `fill="${fill}"`
    if (clutter) {
      const marks = Math.floor(random() * 4)
      for (let m = 0; m < marks; m++) {
        const mx = random() * width
        const my = random() * height
        const mr = short * (0.02 + random() * 0.04)
        parts.push(`<circle cx="${mx.toFixed(1)}" cy="${my.toFixed(1)}" r="${mr.toFixed(1)}" fill="${colour(random, [0.2, 0.8], true)}"/>`)
      }
    }
  } else {
    parts.push(`<rect width="${width}" height="${height}" fill="#ffffff"/>`)
    paint = `fill="none" stroke="#111111" stroke-linejoin="round" stroke-width="${Math.max(1.5, r * (0.06 + random() * 0.06)).toFixed(1)}"`
  }
  parts.push(`<g transform="translate(${cx.toFixed(1)} ${cy.toFixed(1)}) rotate(${turn.toFixed(1)})">${shape(kind, r, paint)}</g>`)
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${parts.join('')}</svg>`
  return { svg, width, height, jpeg: random() < 0.3 }
}

/** A shape of radius about r centred on the origin. */
function shape(kind: Kind, r: number, paint: string): string {
  const poly = (points: [number, number][]): string => `<polygon points="${points.map(([x, y]) => `${(x * r).toFixed(1)},${(y * r).toFixed(1)}`).join(' ')}" ${paint}/>`
  const regular = (sides: number, radius = 1, offset = -Math.PI / 2): [number, number][] =>
    Array.from({ length: sides }, (_, i) => [radius * Math.cos(offset + (2 * Math.PI * i) / sides), radius * Math.sin(offset + (2 * Math.PI * i) / sides)])
  switch (kind) {
    case 'circle':
      return `<circle r="${r.toFixed(1)}" ${paint}/>`
    case 'ring':
      return `<circle r="${(r * 0.8).toFixed(1)}" ${paint}/>`
    case 'square':
      return poly(regular(4, 1, Math.PI / 4))
    case 'triangle':
      return poly(regular(3, 1.1))
    case 'hexagon':
      return poly(regular(6))
    case 'star':
      return poly(Array.from({ length: 10 }, (_, i) => {
        const a = -Math.PI / 2 + (Math.PI * i) / 5
        const radius = i % 2 === 0 ? 1.1 : 0.45
        return [radius * Math.cos(a), radius * Math.sin(a)] as [number, number]
      }))
    case 'cross': {
      const a = 0.3
      return poly([[-a, -1], [a, -1], [a, -a], [1, -a], [1, a], [a, a], [a, 1], [-a, 1], [-a, a], [-1, a], [-1, -a], [-a, -a]])
    }
    case 'arrow':
      return poly([[-1, -0.3], [0.2, -0.3], [0.2, -0.7], [1, 0], [0.2, 0.7], [0.2, 0.3], [-1, 0.3]])
  }
}

/** A random colour with its lightness in [lo, hi]; saturated when asked. */
function colour(random: Random, [lo, hi]: [number, number], saturated = false): string {
  const h = random() * 360
  const s = saturated ? 0.6 + random() * 0.4 : random() * 0.5
  const l = lo + random() * (hi - lo)
  const c = (1 - Math.abs(2 * l - 1)) * s
  const x = c * (1 - Math.abs(((h / 60) % 2) - 1))
  const m = l - c / 2
  const [r, g, b] = h < 60 ? [c, x, 0] : h < 120 ? [x, c, 0] : h < 180 ? [0, c, x] : h < 240 ? [0, x, c] : h < 300 ? [x, 0, c] : [c, 0, x]
  const hex = (v: number): string => Math.round((v + m) * 255).toString(16).padStart(2, '0')
  return `#${hex(r)}${hex(g)}${hex(b)}`
}
