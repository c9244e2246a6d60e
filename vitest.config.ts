import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    environment: 'node',
    include: ['src/**/*.test.ts', 'bench/**/*.test.ts', 'scripts/**/*.test.ts', 'build/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000
  }
})
