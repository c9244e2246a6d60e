/**
 * Image encoders whose preparation Likeness knows. The app never downloads a model: each entry
 * says where a researcher gets the weights and how to export the image tower to ONNX, and what
 * preprocessing the model was trained with, which an ONNX file itself does not record.
 */
import type { OnnxCatalogueEntry } from '../../../shared/types/models'
import type { Layout, Sidecar } from './onnx-sidecar'

/** The entry type is the one the contract sends to the renderer, defined once in src/shared. */
export type CatalogueEntry = OnnxCatalogueEntry

export const IMAGENET_MEAN: [number, number, number] = [0.485, 0.456, 0.406]
export const IMAGENET_STD: [number, number, number] = [0.229, 0.224, 0.225]

export const CATALOGUE: readonly CatalogueEntry[] = [
  {
    id: 'clip-vit-b-32',
    name: 'CLIP ViT-B/32 image tower',
    source:
      'OpenAI CLIP (github.com/openai/CLIP); weights on huggingface.co/openai/clip-vit-base-patch32. Export the image tower with ' +
      '`optimum-cli export onnx --model openai/clip-vit-base-patch32 --task feature-extraction` or torch.onnx.export of ' +
      'CLIPVisionModelWithProjection; the output `image_embeds` [N, 512] is the embedding.',
    licence: 'MIT',
    size: 224,
    resizeShortest: 224,
    resize: 'shortest-then-centre-crop',
    layout: 'NCHW',
    mean: [0.48145466, 0.4578275, 0.40821073],
    std: [0.26862954, 0.26130258, 0.27577711],
    scale: 255,
    output: 'image_embeds',
    pooling: 'none',
    dims: [512]
  },
  {
    id: 'dinov2-vit-s-14',
    name: 'DINOv2 ViT-S/14',
    source:
      'Meta DINOv2 (github.com/facebookresearch/dinov2); weights on huggingface.co/facebook/dinov2-small. Export with ' +
      '`optimum-cli export onnx --model facebook/dinov2-small`; the output `last_hidden_state` [N, 257, 384] is pooled ' +
      'by its first (CLS) token, or use `pooler_output` [N, 384].',
    licence: 'Apache-2.0',
    size: 224,
    resizeShortest: 256,
    resize: 'shortest-then-centre-crop',
    layout: 'NCHW',
    mean: [0.485, 0.456, 0.406],
    std: [0.229, 0.224, 0.225],
    scale: 255,
    output: 'last_hidden_state',
    pooling: 'cls',
    dims: [384]
  },
  {
    id: 'resnet-50',
    name: 'ResNet-50 (ImageNet)',
    source:
      'torchvision resnet50 (pytorch.org/vision) exported with torch.onnx.export after replacing `fc` by an identity, ' +
      'giving [N, 2048]; or the ONNX Model Zoo resnet50-v1-12 (github.com/onnx/models), whose output is the 1000 ImageNet class scores.',
    licence: 'BSD-3-Clause (torchvision weights); Apache-2.0 (ONNX Model Zoo)',
    size: 224,
    resizeShortest: 256,
    resize: 'shortest-then-centre-crop',
    layout: 'NCHW',
    mean: [0.485, 0.456, 0.406],
    std: [0.229, 0.224, 0.225],
    scale: 255,
    output: '',
    pooling: 'none',
    dims: [2048, 1000]
  }
]

/** What a model's metadata says about it, for matching. */
export interface ModelShape {
  layout?: Layout
  size?: number
  /** The embedding width: the last dimension of the output. */
  dim?: number
}

function normalise(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '')
}

/**
 * The entry a sidecar's `name` names (its id or name, ignoring case and punctuation), else the one
 * entry whose input and output sizes fit the model's metadata; null when none or several fit.
 */
export function matchCatalogue(shape: ModelShape, sidecarName?: string): { entry: CatalogueEntry; by: 'name' | 'shape' } | null {
  if (sidecarName) {
    const wanted = normalise(sidecarName)
    const named = CATALOGUE.find((e) => normalise(e.id) === wanted || normalise(e.name) === wanted)
    if (named) return { entry: named, by: 'name' }
  }
  if (shape.dim === undefined) return null
  const fits = CATALOGUE.filter(
    (e) => e.dims.includes(shape.dim!) && (shape.size === undefined || shape.size === e.size) && (shape.layout === undefined || shape.layout === e.layout)
  )
  return fits.length === 1 ? { entry: fits[0]!, by: 'shape' } : null
}

/** The sidecar an entry implies, to write beside a user's file. */
export function impliedSidecar(entry: CatalogueEntry): Sidecar {
  return {
    name: entry.id,
    size: entry.size,
    resizeShortest: entry.resizeShortest,
    layout: entry.layout,
    mean: entry.mean,
    std: entry.std,
    scale: entry.scale,
    resize: entry.resize,
    ...(entry.output ? { output: entry.output } : {}),
    pooling: entry.pooling,
    licence: entry.licence
  }
}
