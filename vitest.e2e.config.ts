import { defineConfig } from 'vitest/config'

// End-to-end specs drive Debian's Chromium against `likeness serve` and the built renderer.
// They run one file at a time: each starts its own server and browser.
export default defineConfig({
  test: {
    environment: 'node',
    include: ['e2e/**/*.spec.ts'],
    testTimeout: 180_000,
    hookTimeout: 120_000,
    fileParallelism: false
  }
})
