import { describe, expect, it } from 'vitest'
import { curveToShow, epochsDone, estimateEta, LiveCurve, parsePhase } from './models-progress'

describe('parsePhase', () => {
  it('reads the epoch, the epochs and the loss of the engine line', () => {
    expect(parsePhase('Epoch 3 of 20 · loss 0.0123')).toEqual({ epoch: 3, epochs: 20, loss: 0.0123, valLoss: null, etaSeconds: null })
  })

  it('tells the validation loss from the training loss, in either order', () => {
    expect(parsePhase('Epoch 2 of 5 · loss 0.5 · val 0.75')).toMatchObject({ loss: 0.5, valLoss: 0.75 })
    expect(parsePhase('Epoch 2 of 5 · loss 0.5 · validation 0.75')).toMatchObject({ loss: 0.5, valLoss: 0.75 })
    expect(parsePhase('Epoch 2 of 5 · val loss 0.75 · loss 0.5')).toMatchObject({ loss: 0.5, valLoss: 0.75 })
    expect(parsePhase('Epoch 2 of 5 · loss 1.5e-3 · val_loss 2e-3')).toMatchObject({ loss: 0.0015, valLoss: 0.002 })
  })

  it('reads how long is left when the line says it', () => {
    expect(parsePhase('Epoch 1 of 4 · loss 0.2 · about 2 min 5 s left')?.etaSeconds).toBe(125)
    expect(parsePhase('Epoch 1 of 4 · loss 0.2 · 40 s left')?.etaSeconds).toBe(40)
  })

  it('gives null for lines that are not about an epoch, and no loss for a line without one', () => {
    expect(parsePhase('Reading the images')).toBeNull()
    expect(parsePhase('Epoch 1 of 3')).toMatchObject({ epoch: 1, epochs: 3, loss: null })
    expect(parsePhase('Epoch 1 of 3 · loss NaN')?.loss).toBeNull()
  })
})

describe('LiveCurve', () => {
  const line = (text: string) => parsePhase(text)!

  it('adds an epoch once a later epoch reports, with the last loss of that epoch', () => {
    const curve = new LiveCurve()
    expect(curve.add(line('Epoch 1 of 3 · loss 0.9'), false)).toBe(false)
    expect(curve.add(line('Epoch 1 of 3 · loss 0.7'), false)).toBe(false)
    expect(curve.add(line('Epoch 2 of 3 · loss 0.6'), false)).toBe(true)
    expect(curve.points.map((p) => [p.epoch, p.loss])).toEqual([[1, 0.7]])
  })

  it('adds an epoch at once when its last batch is done, and keeps its validation loss', () => {
    const curve = new LiveCurve()
    curve.add(line('Epoch 1 of 2 · loss 0.5'), false)
    expect(curve.add(line('Epoch 1 of 2 · loss 0.4 · validation 0.45'), true)).toBe(true)
    curve.add(line('Epoch 2 of 2 · loss 0.3 · validation 0.35'), true)
    expect(curve.points).toEqual([
      { epoch: 1, loss: 0.4, valLoss: 0.45, seconds: 0 },
      { epoch: 2, loss: 0.3, valLoss: 0.35, seconds: 0 }
    ])
  })

  it('does not count an epoch twice when its last line comes again', () => {
    const curve = new LiveCurve()
    curve.add(line('Epoch 1 of 2 · loss 0.4'), true)
    expect(curve.add(line('Epoch 1 of 2 · loss 0.4'), true)).toBe(false)
    curve.add(line('Epoch 2 of 2 · loss 0.2'), false)
    expect(curve.points).toHaveLength(1)
  })
})

describe('curveToShow', () => {
  const p = (epoch: number) => ({ epoch, loss: 1 / epoch, seconds: epoch })

  it('prefers the stored curve unless the live one is further along', () => {
    expect(curveToShow([p(1), p(2)], [p(1)])).toEqual([p(1), p(2)])
    expect(curveToShow([p(1)], [p(1), p(2)])).toEqual([p(1), p(2)])
    expect(curveToShow(undefined, [p(1)])).toEqual([p(1)])
  })
})

describe('ETA', () => {
  it('extrapolates the pace between two readings to the epochs left', () => {
    // One epoch in 10 s, 2 done of 5: 30 s left.
    expect(estimateEta({ epochs: 1, at: 0 }, { epochs: 2, at: 10_000 }, 5)).toBe(30)
  })

  it('has no estimate before any progress or time', () => {
    expect(estimateEta({ epochs: 1, at: 0 }, { epochs: 1, at: 5_000 }, 5)).toBeNull()
    expect(estimateEta({ epochs: 1, at: 0 }, { epochs: 2, at: 0 }, 5)).toBeNull()
  })

  it('counts epochs done as a fraction of the batches of the current one', () => {
    expect(epochsDone(parsePhase('Epoch 3 of 20 · loss 1')!, 5, 10)).toBe(2.5)
    expect(epochsDone(parsePhase('Epoch 1 of 20 · loss 1')!, 0, null)).toBe(0)
  })
})
