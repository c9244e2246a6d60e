import { describe, expect, it } from 'vitest'
import { isolated, toggled } from './legend'

const all = [0, 1, 2, -1]

describe('legend visibility', () => {
  it('a click hides an entry, a second click shows it again', () => {
    const once = toggled(new Set<number>(), 1)
    expect([...once]).toEqual([1])
    expect([...toggled(once, 1)]).toEqual([])
  })

  it('toggling leaves the set it was given unchanged', () => {
    const hidden = new Set([2])
    toggled(hidden, 0)
    expect([...hidden]).toEqual([2])
  })

  it('isolating hides every other entry, whatever was hidden before', () => {
    expect([...isolated(all, new Set([1]), 1)].sort()).toEqual([-1, 0, 2])
    expect([...isolated(all, new Set<number>(), -1)].sort()).toEqual([0, 1, 2])
  })

  it('isolating the entry that is already alone shows everything', () => {
    expect([...isolated(all, new Set([0, 2, -1]), 1)]).toEqual([])
  })

  it('isolating a hidden entry while another is alone moves the focus to it', () => {
    expect([...isolated(all, new Set([0, 2, -1]), 2)].sort()).toEqual([-1, 0, 1])
  })
})
