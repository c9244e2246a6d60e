import { describe, expect, it } from 'vitest'
import { runFooter } from './run-footer'

describe('runFooter', () => {
  it('enables Start only when the form is ready and nothing is starting or running', () => {
    expect(runFooter(true, false, false).submit).toEqual({ label: 'Start', testId: 'run-start', disabled: false, title: undefined })
    expect(runFooter(false, false, false).submit.disabled).toBe(true)
    expect(runFooter(true, true, false).submit.disabled).toBe(true)
  })

  it('says why Start waits while a run of the dataset is in progress', () => {
    const { submit } = runFooter(true, false, true)
    expect(submit.disabled).toBe(true)
    expect(submit.title).toBe('A run of this dataset is in progress; cancel it or wait for it to end.')
  })
})
