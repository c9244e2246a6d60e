// Types of scripts/mnist.mjs, for the TypeScript benchmarks that import it.

export type MnistSet = 'train' | 'test'

export interface IdxImages {
  count: number
  rows: number
  cols: number
  /** count × rows × cols bytes, row-major, 0 = background. */
  pixels: Uint8Array
}

export function mnistDir(): string
export function mnistFile(set: MnistSet, kind: 'images' | 'labels'): string
export function readMaybeGzipped(path: string): Buffer
export function parseIdxImages(buf: Uint8Array): IdxImages
export function parseIdxLabels(buf: Uint8Array): Uint8Array
export function readImages(set: MnistSet): IdxImages
export function readLabels(set: MnistSet): Uint8Array
export function readMnist(set: MnistSet): { images: IdxImages; labels: Uint8Array }
export function imageAt(images: IdxImages, i: number): Uint8Array
