import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import svelte from 'eslint-plugin-svelte'
import globals from 'globals'
import svelteConfig from './svelte.config.js'

// Process boundaries are rules here: the engine never imports Electron, the shared contract
// imports nothing from Node or Electron, and the renderer imports only itself and src/shared.
const NODE_BUILTINS = ['node:*', 'fs', 'path', 'os', 'child_process', 'worker_threads', 'crypto', 'http', 'net']

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'resources/**', 'bench/.data/**', 'e2e/artifacts/**', '.demo/**', '.cache/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }]
    }
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { projectService: false, extraFileExtensions: ['.svelte'], parser: tseslint.parser, svelteConfig } }
  },
  {
    files: ['src/main/engine/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['electron', 'electron/*'], message: 'The engine is pure compute and runs in plain Node: no electron here.' }] }]
    }
  },
  {
    files: ['src/shared/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['electron', 'electron/*', ...NODE_BUILTINS, '../main/*', '../renderer/*', '../preload/*'], message: 'src/shared holds types and constants only: no Node, Electron or process-specific imports.' }] }]
    }
  },
  {
    files: ['src/renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['electron', 'electron/*', ...NODE_BUILTINS, '**/main/**', '**/preload/**', '../../../main/*', '../../../preload/*'], message: 'The renderer reaches the main side only through the api of src/shared/contract.ts.' }] }]
    }
  }
)
