import type { BackendName, BackendReport, CompareResult, ModelInfo, OnnxCatalogueEntry } from '../../../shared/contract'
import { BACKEND_ORDER } from '../../../shared/types/models'
import { formatCount, formatPercent } from './format'

export { BACKEND_ORDER }

export const BACKEND_LABELS: Record<BackendName, string> = {
  'tfjs-node-gpu': 'TensorFlow with CUDA (tfjs-node-gpu)',
  webgpu: 'WebGPU',
  'tfjs-node': 'TensorFlow native CPU (tfjs-node)',
  wasm: 'WebAssembly',
  cpu: 'JavaScript CPU'
}

/** "Runs on WebGPU — SwiftShader (Vulkan)." */
export function backendLine(report: BackendReport): string {
  return `Runs on ${BACKEND_LABELS[report.name]} — ${report.device}.`
}

/** What will run the training with the backend select as it is: the best available, or the one forced. */
export function backendChoiceLine(report: BackendReport, chosen: BackendName | 'auto'): string {
  if (chosen === 'auto' || chosen === report.name) return backendLine(report)
  return `Runs on ${BACKEND_LABELS[chosen]}, as chosen; the best available here is ${BACKEND_LABELS[report.name]} — ${report.device}.`
}

/** One line per better backend passed over: "WebGPU was skipped: no adapter was found." */
export function skippedLines(report: BackendReport): string[] {
  return report.skipped.map(({ name, why }) => `${BACKEND_LABELS[name]} was skipped: ${why.replace(/\.?$/, '.')}`)
}

export interface BackendOption {
  value: BackendName | 'auto'
  label: string
  /** Why it cannot be chosen here; null when it can. */
  unavailable: string | null
}

/**
 * The choices of the backend select: "Best available" naming what it picks, then every backend
 * with those that failed to load greyed out; the ones after the chosen one were not tried, so
 * the engine says so itself if one is forced and fails.
 */
export function backendOptions(report: BackendReport | null): BackendOption[] {
  const best: BackendOption = {
    value: 'auto',
    label: report ? `Best available (${BACKEND_LABELS[report.name]})` : 'Best available',
    unavailable: null
  }
  return [
    best,
    ...BACKEND_ORDER.map((name) => {
      const why = report?.skipped.find((s) => s.name === name)?.why ?? null
      return { value: name, label: why ? `${BACKEND_LABELS[name]} — not available` : BACKEND_LABELS[name], unavailable: why }
    })
  ]
}

const KIND_LABELS: Record<ModelInfo['kind'], string> = { autoencoder: 'Autoencoder', siamese: 'Siamese', onnx: 'Pretrained (ONNX)' }

export function kindLabel(kind: ModelInfo['kind']): string {
  return KIND_LABELS[kind]
}

const STATE_LABELS: Record<ModelInfo['state'], string> = {
  training: 'training',
  ready: 'ready',
  cancelled: 'cancelled — can resume',
  failed: 'failed'
}

export function stateLabel(state: ModelInfo['state']): string {
  return STATE_LABELS[state]
}

/** "12 epochs · best 9"; a pretrained model was not trained here. */
export function epochsLine(model: ModelInfo): string {
  if (model.kind === 'onnx') return '—'
  const epochs = model.curve.length
  if (epochs === 0) return 'not started'
  const best = model.bestEpoch !== null ? ` · best ${model.bestEpoch}` : ''
  return `${epochs} ${epochs === 1 ? 'epoch' : 'epochs'}${best}`
}

function fixed(value: number): string {
  return Math.abs(value) >= 0.01 || value === 0 ? value.toFixed(3) : value.toExponential(2)
}

/** The names a measure may be stored under; the first one found is shown. */
const METRIC_KEYS: Record<string, readonly string[]> = {
  tripletAccuracy: ['tripletAccuracy', 'triplet_accuracy', 'tripletAcc'],
  auc: ['auc', 'rocAuc', 'AUC'],
  recallAt1: ['recallAt1', 'recallAtOne', 'recall@1'],
  valLoss: ['valLoss', 'validationLoss', 'val_loss']
}

function metric(metrics: Record<string, number>, name: string): number | undefined {
  for (const key of METRIC_KEYS[name] ?? [name]) if (typeof metrics[key] === 'number') return metrics[key]
  return undefined
}

/** The validation measures a researcher compares models by, in the order they matter. */
export function metricsParts(model: ModelInfo): { label: string; value: string; key: string }[] {
  const parts: { label: string; value: string; key: string }[] = []
  const add = (key: string, label: string, show: (value: number) => string): void => {
    const value = metric(model.metrics, key)
    if (value !== undefined) parts.push({ key, label, value: show(value) })
  }
  if (model.kind === 'siamese') {
    add('tripletAccuracy', 'triplet accuracy', formatPercent)
    add('auc', 'AUC', fixed)
    add('recallAt1', 'recall@1', formatPercent)
  } else {
    add('valLoss', 'validation loss', fixed)
    // Older records keep it only on the curve: the best epoch's, else the last one's.
    const point = model.curve.find((p) => p.epoch === model.bestEpoch) ?? model.curve.at(-1)
    if (parts.length === 0 && point?.valLoss !== undefined) parts.push({ key: 'valLoss', label: 'validation loss', value: fixed(point.valLoss) })
  }
  return parts
}

export function metricsLine(model: ModelInfo): string {
  const parts = metricsParts(model)
  return parts.length > 0 ? parts.map((p) => `${p.label} ${p.value}`).join(' · ') : '—'
}

/**
 * "Similar: distance 0.31, within the threshold 0.45 …". The threshold the engine chose on the
 * validation pairs is a distance between embeddings, so the verdict reads on the distance; the
 * similarity (0..1) is given beside it.
 */
export function verdictLine(result: CompareResult): string {
  const similarity = `similarity ${result.similarity.toFixed(2)}`
  const distance = `distance ${fixed(result.distance)}`
  if (result.threshold === null || result.similar === null) {
    return `Similarity ${result.similarity.toFixed(2)} (${distance}). This model has no threshold, so it gives no verdict.`
  }
  const verdict = result.similar ? 'Similar' : 'Not similar'
  const side = result.similar ? 'within' : 'beyond'
  return `${verdict}: ${distance}, ${side} the threshold ${fixed(result.threshold)} chosen on the validation pairs (${similarity}).`
}


/** "512 values", "2,048 or 1,000 values": the embedding sizes of an encoder's usual exports. */
export function encoderDimensions(entry: Pick<OnnxCatalogueEntry, 'dims'>): string {
  return `${entry.dims.map(formatCount).join(' or ')} values`
}

export const SIDECAR_NOTE =
  'For another model, put a file named <model>.likeness.json beside it saying its input size, mean, std and output; without one the app assumes ImageNet settings and says so.'
