/**
 * The pretrained image encoders Likeness knows how to prepare (resize, crop, normalise, pool), as
 * the Pretrained model form lists them. Likeness downloads nothing: each line says where a
 * researcher gets the weights and how to turn them into one .onnx file. The engine's catalogue
 * (src/main/engine/nn/onnx-catalogue.ts) holds the preprocessing; keep the two lists in step.
 */
export interface KnownEncoder {
  name: string
  dimension: string
  where: string
}

export const KNOWN_ENCODERS: readonly KnownEncoder[] = [
  {
    name: 'CLIP ViT-B/32',
    dimension: '512 values',
    where:
      'huggingface.co/openai/clip-vit-base-patch32 — export the image tower with `optimum-cli export onnx --model openai/clip-vit-base-patch32 --task feature-extraction`.'
  },
  {
    name: 'DINOv2 ViT-S/14',
    dimension: '384 values',
    where: 'huggingface.co/facebook/dinov2-small — export with `optimum-cli export onnx --model facebook/dinov2-small`.'
  },
  {
    name: 'ResNet-50',
    dimension: '2,048 values',
    where:
      'torchvision resnet50 exported with torch.onnx.export after replacing `fc` by an identity, or resnet50-v1-12 from github.com/onnx/models (1,000 class scores).'
  }
]

export const SIDECAR_NOTE =
  'For another model, put a file named <model>.likeness.json beside it saying its input size, mean, std and output; without one the app assumes ImageNet settings and says so.'
