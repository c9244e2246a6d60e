import { describe, expect, it } from 'vitest'
import { clampIndex, clusterLookup, LatestOnly, stepIndex, viewerAction } from './viewer-steps'

describe('viewerAction', () => {
  it('maps the arrows, Home, End and Esc', () => {
    expect(viewerAction('ArrowRight')).toBe('next')
    expect(viewerAction('ArrowLeft')).toBe('prev')
    expect(viewerAction('Home')).toBe('first')
    expect(viewerAction('End')).toBe('last')
    expect(viewerAction('Escape')).toBe('close')
  })

  it('leaves every other key, and any key with a modifier, to the page', () => {
    for (const key of ['ArrowUp', 'ArrowDown', 'Enter', ' ', 'Tab', 'a', 'toString', '__proto__', 'constructor']) expect(viewerAction(key)).toBeNull()
    expect(viewerAction('ArrowLeft', true)).toBeNull()
    expect(viewerAction('Escape', true)).toBeNull()
  })
})

describe('stepIndex', () => {
  it('steps one image forward and back', () => {
    expect(stepIndex(2, 5, 'next')).toBe(3)
    expect(stepIndex(2, 5, 'prev')).toBe(1)
  })

  it('stops at the ends instead of wrapping around', () => {
    expect(stepIndex(4, 5, 'next')).toBe(4)
    expect(stepIndex(0, 5, 'prev')).toBe(0)
  })

  it('jumps to the first and the last image', () => {
    expect(stepIndex(2, 5, 'first')).toBe(0)
    expect(stepIndex(2, 5, 'last')).toBe(4)
  })

  it('brings an index outside the list back inside it', () => {
    expect(stepIndex(9, 5, 'prev')).toBe(3)
    expect(stepIndex(-3, 5, 'next')).toBe(1)
  })

  it('stays on the only image of a one-image grid, and at 0 in an empty one', () => {
    for (const move of ['next', 'prev', 'first', 'last'] as const) {
      expect(stepIndex(0, 1, move)).toBe(0)
      expect(stepIndex(0, 0, move)).toBe(0)
    }
  })
})

describe('clampIndex', () => {
  it('keeps an index inside the list, and gives 0 for an empty list or no number', () => {
    expect([clampIndex(3, 5), clampIndex(7, 5), clampIndex(-1, 5), clampIndex(2.7, 5), clampIndex(Number.NaN, 5), clampIndex(4, 0)]).toEqual([
      3, 4, 0, 2, 0, 0
    ])
  })
})

describe('clusterLookup', () => {
  const lookup = clusterLookup([11, 12, 13, 20], [0, -1, 2, 0])

  it('gives the cluster of each item of the run, noise as −1', () => {
    expect([11, 12, 13, 20].map(lookup)).toEqual([0, -1, 2, 0])
  })

  it('gives null for an item the run does not hold', () => {
    expect(lookup(14)).toBeNull()
  })
})

describe('LatestOnly', () => {
  it('lets only the newest reply through when replies arrive out of order', async () => {
    const latest = new LatestOnly()
    const shown: string[] = []
    const load = (name: string, reply: Promise<void>): Promise<void> => {
      const current = latest.take()
      return reply.then(() => {
        if (current()) shown.push(name)
      })
    }
    let answerA!: () => void
    let answerB!: () => void
    const a = load('a', new Promise((r) => (answerA = r)))
    const b = load('b', new Promise((r) => (answerB = r)))
    answerB()
    await b
    answerA()
    await a
    expect(shown).toEqual(['b'])
  })

  it('drops every ticket at once', () => {
    const latest = new LatestOnly()
    const current = latest.take()
    expect(current()).toBe(true)
    latest.drop()
    expect(current()).toBe(false)
  })
})
