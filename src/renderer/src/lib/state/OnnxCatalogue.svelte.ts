import type { LikenessApi, OnnxCatalogueEntry } from '../../../../shared/contract'
import { errorMessage } from '../errors'

/**
 * The pretrained image encoders the engine knows how to prepare (models:catalogue), as the
 * Pretrained model form lists them: read from the engine once, so the list shown is the one the
 * engine prepares models by.
 */
export class OnnxCatalogue {
  #entries = $state.raw<readonly OnnxCatalogueEntry[] | null>(null)
  #error = $state<string | null>(null)
  #loading: Promise<void> | null = null

  readonly #api: LikenessApi

  constructor(api: LikenessApi) {
    this.#api = api
  }

  /** The encoders; null until loaded (or when loading failed: see error). */
  get entries(): readonly OnnxCatalogueEntry[] | null {
    return this.#entries
  }
  get error(): string | null {
    return this.#error
  }

  /** Asks the engine once; after a failure, the next call asks again. */
  load(): Promise<void> {
    this.#loading ??= this.#api.invoke('models:catalogue', {}).then(
      (entries) => {
        this.#entries = entries
        this.#error = null
      },
      (err: unknown) => {
        this.#error = `The list of known models could not be read: ${errorMessage(err)}`
        this.#loading = null
      }
    )
    return this.#loading
  }
}
