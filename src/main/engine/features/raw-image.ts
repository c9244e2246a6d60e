/**
 * Decoded pixels as `sharp(buffer).raw().toBuffer({ resolveWithObject: true })` gives them: 8 bits
 * per channel, channels interleaved, rows top to bottom. A Node Buffer is a Uint8Array, so
 * `{ ...info, data }` from sharp fits as it is.
 */
export interface RawImage {
  width: number
  height: number
  /** 1 gray, 2 gray + alpha, 3 RGB, 4 RGBA. */
  channels: number
  data: Uint8Array
}

/** Throws with what is wrong when the buffer does not hold `width × height × channels` bytes. */
export function checkRawImage(image: RawImage): void {
  const { width, height, channels, data } = image
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new Error(`Image size must be whole numbers of at least 1 pixel, got ${width} × ${height}.`)
  }
  if (channels !== 1 && channels !== 2 && channels !== 3 && channels !== 4) {
    throw new Error(`Images with ${channels} channels are not supported: expected 1 (gray), 2 (gray + alpha), 3 (RGB) or 4 (RGBA).`)
  }
  if (data.length !== width * height * channels) {
    throw new Error(`Pixel buffer has ${data.length} bytes; ${width} × ${height} × ${channels} channels at 8 bits needs ${width * height * channels}. Decode to 8 bits per channel.`)
  }
}
