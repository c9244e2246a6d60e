/**
 * Generated data for the Siamese tests: two classes that differ only in a few dimensions, drowned
 * in wide noise in the others, so raw distances (and a random network's) barely tell them apart
 * while a trained tower that learns to weigh the informative dimensions does.
 */
import { seededRandom } from '../random'
import type { Matrix } from '../search/types'
import type { ImageSet } from './siamese'

function gaussian(random: () => number): () => number {
  return () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random())
}

/** `perClass` rows of each of two classes in `dim` dimensions; class c has mean ±shift in the first `informative` dims. */
export function twoClouds(perClass: number, dim: number, seed: number, informative = 2, shift = 1.5, noise = 2): { data: Matrix; labels: Int32Array } {
  const normal = gaussian(seededRandom(seed))
  const rows = 2 * perClass
  const data = new Float32Array(rows * dim)
  const labels = new Int32Array(rows)
  for (let i = 0; i < rows; i++) {
    const c = i % 2
    labels[i] = c
    for (let d = 0; d < dim; d++) data[i * dim + d] = d < informative ? (c === 0 ? shift : -shift) + 0.5 * normal() : noise * normal()
  }
  return { data: { data, rows, cols: dim }, labels }
}

/** size×size grey images: class 0 has a bright horizontal bar, class 1 a vertical one, both at random places, over strong noise. */
export function barImages(perClass: number, size: number, seed: number, noise = 0.6): { data: ImageSet; labels: Int32Array } {
  const random = seededRandom(seed)
  const normal = gaussian(random)
  const count = 2 * perClass
  const data = new Float32Array(count * size * size)
  const labels = new Int32Array(count)
  for (let i = 0; i < count; i++) {
    const c = i % 2
    labels[i] = c
    const at = Math.floor(random() * size)
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) data[(i * size + y) * size + x] = ((c === 0 ? y : x) === at ? 1 : 0) + noise * normal()
    }
  }
  return { data: { data, count, height: size, width: size, channels: 1 }, labels }
}
