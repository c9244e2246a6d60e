/**
 * An image file into the float values an encoder takes: turned upright by its EXIF orientation,
 * sRGB with alpha dropped (as PIL's convert('RGB') does), resized, centre-cropped, divided by
 * `scale`, then normalised per channel by mean and std.
 *
 * The resize uses sharp's cubic kernel (Catmull-Rom), the bicubic filter CLIP's and DINOv2's
 * own transforms use; their exact pixels differ slightly from PIL's (another implementation,
 * and PIL antialiases its bicubic), so embeddings are close to, not equal to, the Python ones.
 */
import sharp, { type Sharp } from 'sharp'
import type { Plan } from './onnx-plan'

export type PixelPlan = Pick<Plan, 'layout' | 'size' | 'resize' | 'resizeShortest' | 'mean' | 'std' | 'scale'>

/** Same limit as the importer's: a decompression bomb is refused, not decoded. */
const LIMIT_INPUT_PIXELS = 268_402_689

/**
 * The image upright, with its alpha dropped. sharp would drop alpha after the resize, from
 * premultiplied values (100 at half opacity comes back 99), so an image with alpha is first
 * decoded to plain RGB; the others go in one pass, with shrink-on-load.
 */
async function upright(path: string): Promise<{ image: Sharp; width: number; height: number }> {
  const options = { limitInputPixels: LIMIT_INPUT_PIXELS }
  const meta = await sharp(path, options).metadata()
  if (!meta.width || !meta.height) throw new Error('the image has no size')
  if (meta.hasAlpha) {
    const { data, info } = await sharp(path, options).rotate().toColourspace('srgb').removeAlpha().raw().toBuffer({ resolveWithObject: true })
    return { image: sharp(data, { raw: { width: info.width, height: info.height, channels: 3 } }), width: info.width, height: info.height }
  }
  // The EXIF orientations 5–8 swap width and height.
  const swap = (meta.orientation ?? 1) >= 5
  return { image: sharp(path, options).rotate(), width: swap ? meta.height : meta.width, height: swap ? meta.width : meta.height }
}

async function rgbPixels(path: string, plan: PixelPlan): Promise<Buffer> {
  const { size } = plan
  const { width: w, height: h, ...up } = await upright(path)
  let image = up.image
  if (plan.resize === 'squash') {
    image = image.resize(size, size, { fit: 'fill', kernel: 'cubic' })
  } else {
    const k = plan.resizeShortest / Math.min(w, h)
    const rw = Math.max(size, Math.round(w * k))
    const rh = Math.max(size, Math.round(h * k))
    image = image
      .resize(rw, rh, { fit: 'fill', kernel: 'cubic' })
      .extract({ left: Math.floor((rw - size) / 2), top: Math.floor((rh - size) / 2), width: size, height: size })
  }
  const { data, info } = await image.toColourspace('srgb').removeAlpha().raw().toBuffer({ resolveWithObject: true })
  if (info.channels !== 3 || info.width !== size || info.height !== size) {
    throw new Error(`decoded to ${info.width} × ${info.height} × ${info.channels}, not ${size} × ${size} × 3`)
  }
  return data
}

/** Writes one image's values into `into` (size·size·3 floats) in the plan's layout. */
export async function preprocessInto(path: string, plan: PixelPlan, into: Float32Array): Promise<void> {
  const pixels = await rgbPixels(path, plan)
  const area = plan.size * plan.size
  const factor = [0, 1, 2].map((c) => 1 / (plan.scale * plan.std[c]!))
  const offset = [0, 1, 2].map((c) => plan.mean[c]! / plan.std[c]!)
  for (let p = 0; p < area; p++) {
    for (let c = 0; c < 3; c++) {
      const value = pixels[p * 3 + c]! * factor[c]! - offset[c]!
      into[plan.layout === 'NCHW' ? c * area + p : p * 3 + c] = value
    }
  }
}
