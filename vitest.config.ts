import { svelte } from '@sveltejs/vite-plugin-svelte'
import { defineConfig } from 'vitest/config'

const STATE_TESTS = 'src/renderer/src/lib/state/**/*.test.ts'

export default defineConfig({
  test: {
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'bench/**/*.test.ts', 'scripts/**/*.test.ts', 'build/**/*.test.ts'],
          exclude: [STATE_TESTS]
        }
      },
      {
        // The renderer's `.svelte.ts` state classes, compiled as the browser runs them: Svelte's
        // server build has no reactivity (`$effect` never runs, `flushSync` does nothing).
        extends: true,
        plugins: [svelte({ configFile: false, compilerOptions: { runes: true } })],
        resolve: { conditions: ['browser'] },
        ssr: { resolve: { conditions: ['browser'] }, noExternal: ['svelte'] },
        test: { name: 'renderer-state', include: [STATE_TESTS] }
      }
    ]
  }
})
