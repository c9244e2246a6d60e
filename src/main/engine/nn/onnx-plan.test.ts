import { describe, expect, it } from 'vitest'
import { CATALOGUE, impliedSidecar, matchCatalogue } from './onnx-catalogue'
import { decidePlan, poolOutput, type ValueInfo } from './onnx-plan'
import { parseSidecar } from './onnx-sidecar'

const tensor = (name: string, shape: (number | string)[], type = 'float32'): ValueInfo => ({ name, isTensor: true, type, shape })
const clipInput = tensor('pixel_values', ['batch', 3, 224, 224])

describe('decidePlan', () => {
  it('reads layout and size from the input shape, and the rank-2 output over the first', () => {
    const plan = decidePlan([tensor('x', [1, 96, 96, 3])], [tensor('hidden', [1, 50, 8]), tensor('pooled', [1, 8])], null, 'm.onnx')
    expect(plan).toMatchObject({ input: 'x', layout: 'NHWC', size: 96, output: 'pooled', pooling: 'none', fixedBatch: 1, dim: 8 })
    expect(plan.warnings[0]).toContain('ImageNet mean')
    expect(plan.warnings[0]).not.toContain('size 224')
  })

  it('lets the sidecar override what the metadata says', () => {
    const sidecar = parseSidecar({ size: 8, layout: 'NHWC', output: 'hidden', pooling: 'mean', mean: [0, 0, 0], std: [1, 1, 1] })
    const plan = decidePlan([tensor('x', ['n', 3, 4, 4])], [tensor('hidden', ['n', 16, 2]), tensor('pooled', ['n', 2])], sidecar, 'm.onnx')
    expect(plan).toMatchObject({ layout: 'NHWC', size: 8, output: 'hidden', pooling: 'mean', mean: [0, 0, 0], std: [1, 1, 1], warnings: [] })
  })

  it('falls back to 224 pixels, NCHW and CLS pooling, naming each in the warning', () => {
    const plan = decidePlan([tensor('x', ['n', 'c', 'h', 'w'])], [tensor('tokens', ['n', 't', 7])], null, 'm.onnx')
    expect(plan).toMatchObject({ layout: 'NCHW', size: 224, pooling: 'cls', dim: 7 })
    for (const said of ['layout NCHW', 'size 224 pixels', 'ImageNet std', 'first (CLS) token', 'm.onnx.likeness.json']) expect(plan.warnings[0]).toContain(said)
  })

  it('takes the preparation of the catalogue entry the sidecar names', () => {
    const plan = decidePlan([clipInput], [tensor('image_embeds', ['batch', 512])], { name: 'CLIP ViT-B/32 image tower' }, 'clip.onnx')
    expect(plan.catalogue).toMatchObject({ by: 'name', entry: { id: 'clip-vit-b-32' } })
    expect(plan.mean).toEqual([0.48145466, 0.4578275, 0.40821073])
    expect(plan.warnings).toEqual([])
  })

  it('recognises DINOv2 by its shapes and pools its tokens by CLS, resizing to 256 before the crop', () => {
    const plan = decidePlan([clipInput], [tensor('last_hidden_state', ['batch', 257, 384]), tensor('pooler_output', ['batch', 384])], null, 'd.onnx')
    expect(plan.catalogue).toMatchObject({ by: 'shape', entry: { id: 'dinov2-vit-s-14' } })
    expect(plan).toMatchObject({ output: 'last_hidden_state', pooling: 'cls', resizeShortest: 256, size: 224, warnings: [] })
  })

  it('refuses models it cannot feed, saying why', () => {
    expect(() => decidePlan([clipInput, tensor('input_ids', ['batch', 77], 'int64')], [tensor('e', ['batch', 512])], null, 'clip.onnx')).toThrow(/takes 2 inputs.*image tower on its own/)
    expect(() => decidePlan([tensor('x', ['n', 3, 4, 4], 'float16')], [tensor('e', ['n', 2])], null, 'h.onnx')).toThrow(/float16 pixels/)
    expect(() => decidePlan([clipInput], [tensor('e', ['n', 2])], { output: 'nope' }, 'm.onnx')).toThrow(/names the output "nope".*e \[n, 2\]/)
  })
})

describe('poolOutput', () => {
  const data = Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])
  it('takes token 0 for CLS and the token mean for mean', () => {
    expect(Array.from(poolOutput(data, [2, 3, 2], 'cls', 'h').values)).toEqual([1, 2, 7, 8])
    expect(Array.from(poolOutput(data, [2, 3, 2], 'mean', 'h').values)).toEqual([3, 4, 9, 10])
  })
  it('keeps [N, D], squeezes [N, D, 1, 1] and refuses the rest', () => {
    expect(poolOutput(data, [3, 4], 'none', 'h')).toMatchObject({ rows: 3, dim: 4 })
    expect(poolOutput(data, [2, 6, 1, 1], 'none', 'h')).toMatchObject({ rows: 2, dim: 6 })
    expect(() => poolOutput(data, [2, 3, 2], 'none', 'h')).toThrow(/Set "pooling"/)
    expect(() => poolOutput(data, [1, 3, 2, 2], 'none', 'h')).toThrow(/Choose another output/)
  })
})

describe('parseSidecar', () => {
  it('names the wrong field', () => {
    expect(() => parseSidecar({ mean: [0.5, 0.5] })).toThrow(/"mean" must be three numbers/)
    expect(() => parseSidecar({ std: [1, 0, 1] })).toThrow(/"std" must be three positive numbers/)
    expect(() => parseSidecar({ layout: 'CHW' })).toThrow(/"layout" must be one of "NCHW", "NHWC"/)
    expect(() => parseSidecar({ colour: 'rgb' })).toThrow(/unknown field "colour"/)
    expect(() => parseSidecar([])).toThrow(/one JSON object/)
  })
})

describe('the catalogue', () => {
  it('matches a sidecar name by id or name, ignoring case and punctuation', () => {
    expect(matchCatalogue({}, 'DINOv2 ViT-S/14')?.entry.id).toBe('dinov2-vit-s-14')
    expect(matchCatalogue({}, 'resnet_50')?.entry.id).toBe('resnet-50')
    expect(matchCatalogue({}, 'my own model')).toBeNull()
  })

  it('matches by shape only when one entry fits', () => {
    expect(matchCatalogue({ layout: 'NCHW', size: 224, dim: 512 })?.entry.id).toBe('clip-vit-b-32')
    expect(matchCatalogue({ layout: 'NCHW', size: 224, dim: 2048 })?.entry.id).toBe('resnet-50')
    expect(matchCatalogue({ layout: 'NCHW', size: 336, dim: 512 })).toBeNull()
    expect(matchCatalogue({ layout: 'NCHW', size: 224, dim: 768 })).toBeNull()
  })

  it('implies sidecars that the sidecar parser accepts and that name their entry back', () => {
    for (const entry of CATALOGUE) {
      const sidecar = parseSidecar(JSON.parse(JSON.stringify(impliedSidecar(entry))))
      expect(matchCatalogue({}, sidecar.name)?.entry).toBe(entry)
      expect(entry.source).toMatch(/\w+\.\w+/)
    }
  })
})
