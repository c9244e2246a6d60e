import type { CompareResult, ItemList, LikenessApi, NearestResult } from '../../../../shared/contract'
import { errorMessage } from '../errors'

export interface ItemChoice {
  id: number
  /** "cats/tabby.jpg": the group tells apart files of the same name. */
  label: string
}

/** The items of a dataset as a select lists them. */
export function itemChoices(list: ItemList): ItemChoice[] {
  return list.items
    .filter((item) => item.status !== 'error')
    .map((item) => {
      const group = list.groups[item.group] ?? ''
      return { id: item.id, label: group ? `${group}/${item.name}` : item.name }
    })
}

/** "Compare two images" for one Siamese model: the two items chosen and the model's answer. */
export class ModelCompare {
  #items = $state.raw<ItemChoice[] | null>(null)
  #a = $state<number | null>(null)
  #b = $state<number | null>(null)
  #result = $state.raw<CompareResult | null>(null)
  #error = $state<string | null>(null)
  #busy = $state(false)

  readonly #api: LikenessApi
  readonly #modelId: number
  readonly #datasetId: number

  constructor(api: LikenessApi, modelId: number, datasetId: number) {
    this.#api = api
    this.#modelId = modelId
    this.#datasetId = datasetId
  }

  get items(): readonly ItemChoice[] | null {
    return this.#items
  }
  get a(): number | null {
    return this.#a
  }
  set a(id: number | null) {
    this.#a = id
    this.#result = null
  }
  get b(): number | null {
    return this.#b
  }
  set b(id: number | null) {
    this.#b = id
    this.#result = null
  }
  get result(): CompareResult | null {
    return this.#result
  }
  get error(): string | null {
    return this.#error
  }
  get busy(): boolean {
    return this.#busy
  }

  async load(): Promise<void> {
    if (this.#items !== null) return
    try {
      this.#items = itemChoices(await this.#api.invoke('items:list', { datasetId: this.#datasetId }))
    } catch (error) {
      this.#error = errorMessage(error)
    }
  }

  async compare(): Promise<void> {
    const { a, b } = { a: this.#a, b: this.#b }
    if (a === null || b === null) {
      this.#error = 'Choose two images first.'
      return
    }
    this.#busy = true
    this.#error = null
    try {
      this.#result = await this.#api.invoke('models:compare', { modelId: this.#modelId, a, b })
    } catch (error) {
      this.#error = errorMessage(error)
    } finally {
      this.#busy = false
    }
  }
}

/** "An image from outside the dataset": a file's path, and the dataset's items nearest to it by the model. */
export class NearestSearch {
  #path = $state('')
  #result = $state.raw<NearestResult | null>(null)
  #error = $state<string | null>(null)
  #busy = $state(false)

  readonly #api: LikenessApi
  readonly #modelId: number
  readonly k: number

  constructor(api: LikenessApi, modelId: number, k = 12) {
    this.#api = api
    this.#modelId = modelId
    this.k = k
  }

  get path(): string {
    return this.#path
  }
  set path(value: string) {
    this.#path = value
    this.#error = null
  }
  get result(): NearestResult | null {
    return this.#result
  }
  get error(): string | null {
    return this.#error
  }
  get busy(): boolean {
    return this.#busy
  }

  /** A file dropped on the tool: its path where the app can tell it (the desktop app), else a hint. */
  dropped(path: string): void {
    if (path === '') {
      this.#error = 'Dropping a file gives its path only in the desktop app: type or paste the full path of the image instead.'
      return
    }
    this.path = path
    void this.find()
  }

  async find(): Promise<void> {
    const path = this.#path.trim()
    if (path === '') {
      this.#error = 'Type the full path of an image file first, such as /home/you/photos/cat.jpg.'
      return
    }
    this.#busy = true
    this.#error = null
    try {
      this.#result = await this.#api.invoke('models:nearest', { modelId: this.#modelId, path, k: this.k })
    } catch (error) {
      this.#result = null
      this.#error = errorMessage(error)
    } finally {
      this.#busy = false
    }
  }
}
