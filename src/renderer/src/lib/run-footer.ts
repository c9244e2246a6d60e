/**
 * The end of both run forms (feature sets and sequences): the error line, Defaults, and Start,
 * which waits until the form has something to run and no run of the dataset is in progress.
 */
export function runFooter(ready: boolean, starting: boolean, running: boolean) {
  return {
    errorTestId: 'run-error',
    reset: { label: 'Defaults', testId: 'run-reset' },
    submit: {
      label: 'Start',
      testId: 'run-start',
      disabled: !ready || starting || running,
      title: running ? 'A run of this dataset is in progress; cancel it or wait for it to end.' : undefined
    }
  }
}
