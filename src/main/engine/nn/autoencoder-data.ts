/**
 * Turning the trainer's data into batch tensors: rows of a feature matrix, or images (Float32 in
 * [0, 1] or bytes, scaled by 1/255) resized to the model's side and converted to its channels.
 */
import { tf } from './tf'

export interface MatrixData {
  matrix: Float32Array
  rows: number
  cols: number
}

export interface ImageData {
  data: Float32Array | Uint8Array
  rows: number
  height: number
  width: number
  channels: number
}

export type AutoencoderData = MatrixData | ImageData

export function isImages(data: AutoencoderData): data is ImageData {
  return 'height' in data
}

export interface BatchSource {
  rows: number
  /** The shape of one input row as the model takes it. */
  shape: number[]
  batch(rows: Int32Array): tf.Tensor
}

export function matrixSource(data: MatrixData): BatchSource {
  if (data.matrix.length !== data.rows * data.cols) throw new Error(`The feature matrix holds ${data.matrix.length} values, not ${data.rows} rows × ${data.cols} columns.`)
  return {
    rows: data.rows,
    shape: [data.cols],
    batch(rows) {
      const out = new Float32Array(rows.length * data.cols)
      rows.forEach((r, i) => out.set(data.matrix.subarray(r * data.cols, (r + 1) * data.cols), i * data.cols))
      return tf.tensor2d(out, [rows.length, data.cols])
    }
  }
}

/** Images as [n, side, side, channels] (or flattened for a dense model). */
export function imageSource(data: ImageData, side: number, channels: number, flatten: boolean): BatchSource {
  const size = data.height * data.width * data.channels
  if (data.data.length !== data.rows * size) throw new Error(`The image data holds ${data.data.length} values, not ${data.rows} images of ${data.height} × ${data.width} × ${data.channels}.`)
  if (channels !== data.channels && channels !== 1 && data.channels !== 1) throw new Error(`Images with ${data.channels} channels cannot be converted to ${channels}.`)
  const scale = data.data instanceof Uint8Array ? 1 / 255 : 1
  const resize = side !== data.height || side !== data.width
  return {
    rows: data.rows,
    shape: flatten ? [side * side * channels] : [side, side, channels],
    batch(rows) {
      const out = new Float32Array(rows.length * size)
      rows.forEach((r, i) => {
        const from = data.data.subarray(r * size, (r + 1) * size)
        for (let k = 0; k < size; k++) out[i * size + k] = from[k]! * scale
      })
      return tf.tidy(() => {
        let x: tf.Tensor4D = tf.tensor4d(out, [rows.length, data.height, data.width, data.channels])
        if (resize) x = tf.image.resizeBilinear(x, [side, side])
        if (channels === 1 && data.channels !== 1) x = x.mean(3, true)
        else if (channels !== data.channels) x = x.tile([1, 1, 1, channels])
        return flatten ? x.reshape([rows.length, side * side * channels]) : x
      })
    }
  }
}
