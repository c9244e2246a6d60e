/**
 * Step learning-rate schedule: the rate is multiplied by γ every `every` epochs (Keras'
 * StepLR / PyTorch's torch.optim.lr_scheduler.StepLR), a pure function of the epoch so a resumed run
 * picks up the same rate.
 */
export interface StepSchedule {
  /** Rate at epoch 0. */
  initial: number
  /** Factor applied every `every` epochs; 1 keeps the rate constant. */
  gamma: number
  every: number
}

/** Learning rate at 0-based `epoch`: initial · γ^⌊epoch / every⌋. */
export function stepLearningRate(schedule: StepSchedule, epoch: number): number {
  if (!(schedule.every >= 1)) throw new Error(`The learning-rate step must be at least 1 epoch (got ${schedule.every}).`)
  return schedule.initial * schedule.gamma ** Math.floor(Math.max(0, epoch) / schedule.every)
}
