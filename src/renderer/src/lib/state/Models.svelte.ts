import { SvelteMap } from 'svelte/reactivity'
import type { BackendReport, CurvePoint, EmbedRequest, JobInfo, LikenessApi, ModelInfo, TrainRequest } from '../../../../shared/contract'
import { epochsDone, estimateEta, LiveCurve, parsePhase } from '../models-progress'
import { Throttled } from '../throttled'
import { followDatasetJobs, JobStarter } from './follow-job.svelte'
import type { Jobs } from './Jobs.svelte'
import type { Toasts } from './Toasts.svelte'

/** At most one refetch of the models this often while a training reports its epochs. */
const REFETCH_MS = 1_500

/** What the Learn section shows of a training while it runs. */
export interface TrainingView {
  curve: readonly CurvePoint[]
  epoch: number | null
  epochs: number | null
  etaSeconds: number | null
}

interface Following {
  curve: LiveCurve
  first: { epochs: number; at: number } | null
  view: TrainingView
}

/**
 * The learned feature models of the selected dataset (and the pretrained ones, which belong to no
 * dataset), the compute backends, and the trainings this window follows: each training's curve is
 * read from its progress lines as they come, and the stored one replaces it once the engine has it.
 */
export class Models {
  #datasetId = $state<number | null>(null)
  #models = $state.raw<ModelInfo[] | null>(null)
  #backends = $state.raw<BackendReport | null>(null)
  #removing = $state.raw<readonly number[]>([])
  #views = new SvelteMap<number, TrainingView>()
  // Bookkeeping that nothing renders; what shows is copied into #views.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  #following = new Map<number, Following>()
  #request = 0

  readonly #api: LikenessApi
  readonly #toasts: Toasts
  readonly #starter: JobStarter
  readonly #refetcher = new Throttled(() => this.#fetch(), REFETCH_MS)
  readonly #unsubscribe: (() => void)[]

  constructor(api: LikenessApi, jobs: Jobs, toasts: Toasts) {
    this.#api = api
    this.#toasts = toasts
    this.#starter = new JobStarter(jobs)
    this.#unsubscribe = [
      api.on('models:changed', ({ datasetId }) => {
        if (datasetId === null || datasetId === this.#datasetId) this.#refetcher.now()
      }),
      ...followDatasetJobs(api, () => this.#datasetId, {
        progress: (job) => this.#progress(job),
        finished: (job) => {
          if (job.kind === 'train' || job.kind === 'embed') this.#refetcher.now()
        }
      })
    ]
  }

  get datasetId(): number | null {
    return this.#datasetId
  }
  /** The models of the selected dataset and the pretrained ones; null until loaded. */
  get models(): readonly ModelInfo[] | null {
    return this.#models
  }
  get backends(): BackendReport | null {
    return this.#backends
  }
  get starting(): boolean {
    return this.#starter.starting
  }
  get startError(): string | null {
    return this.#starter.error
  }
  /** The job the Learn section started last, if any. */
  get lastJobId(): number | null {
    return this.#starter.jobId
  }

  removing(id: number): boolean {
    return this.#removing.includes(id)
  }

  /** The training as its progress lines told it; null for a job this window has not heard from. */
  training(jobId: number): TrainingView | null {
    return this.#views.get(jobId) ?? null
  }

  show(datasetId: number | null): void {
    if (datasetId === this.#datasetId) return
    this.#datasetId = datasetId
    this.#models = null
    this.#starter.reset()
    if (datasetId !== null) this.#refetcher.now()
    if (this.#backends === null) void this.#loadBackends()
  }

  clearStartError(): void {
    this.#starter.clearError()
  }

  train(request: TrainRequest): Promise<boolean> {
    return this.#starter.start(() => this.#api.invoke('models:train', request))
  }

  embed(request: EmbedRequest): Promise<boolean> {
    return this.#starter.start(() => this.#api.invoke('models:embed', request))
  }

  /** Continues a cancelled training from its last checkpoint. */
  resume(model: ModelInfo): Promise<boolean> {
    if (model.datasetId === null || model.kind === 'onnx') return Promise.resolve(false)
    return this.train({ datasetId: model.datasetId, kind: model.kind, resumeModelId: model.id })
  }

  async remove(id: number): Promise<void> {
    this.#removing = [...this.#removing, id]
    try {
      await this.#api.invoke('models:remove', { id })
      this.#models = this.#models?.filter((m) => m.id !== id) ?? null
    } catch (error) {
      this.#toasts.failed('Could not remove the model', error)
    } finally {
      this.#removing = this.#removing.filter((r) => r !== id)
    }
  }

  dispose(): void {
    this.#refetcher.dispose()
    for (const off of this.#unsubscribe) off()
  }

  #progress(job: JobInfo): void {
    if (job.kind !== 'train') return
    const phase = parsePhase(job.progress.phase)
    if (!phase) return
    let following = this.#following.get(job.id)
    if (!following) {
      following = { curve: new LiveCurve(), first: null, view: { curve: [], epoch: null, epochs: null, etaSeconds: null } }
      this.#following.set(job.id, following)
    }
    const { done, total } = job.progress
    const complete = total !== null && total > 0 && done >= total
    const changed = following.curve.add(phase, complete)
    const reading = { epochs: epochsDone(phase, done, total), at: Date.now() }
    following.first ??= reading
    const eta = phase.etaSeconds ?? estimateEta(following.first, reading, phase.epochs)
    following.view = { curve: following.curve.points, epoch: phase.epoch, epochs: phase.epochs, etaSeconds: eta }
    this.#views.set(job.id, following.view)
    // A finished epoch is stored with its validation loss: fetch the model's curve again.
    if (changed) this.#refetcher.request()
  }

  async #loadBackends(): Promise<void> {
    try {
      this.#backends = await this.#api.invoke('models:backends', {})
    } catch (error) {
      this.#toasts.failed('Could not ask which compute backend the models run on', error)
    }
  }

  async #fetch(): Promise<void> {
    const datasetId = this.#datasetId
    if (datasetId === null) return
    const request = ++this.#request
    try {
      const models = await this.#api.invoke('models:list', { datasetId })
      if (request === this.#request && datasetId === this.#datasetId) this.#models = models
    } catch (error) {
      if (request === this.#request) this.#toasts.failed('Could not load the models of this dataset', error)
    }
  }
}
