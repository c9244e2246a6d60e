import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import { svelte } from '@sveltejs/vite-plugin-svelte'

// TensorFlow.js is bundled, not left to Node: its packages' Node entries are CommonJS bundles
// without the chained ops the models use, and their ES module builds use folder imports that
// Node cannot resolve. Native packages (onnxruntime-node, sharp, webgpu, tfjs-node) stay external.
const BUNDLED = ['@tensorflow/tfjs-core', '@tensorflow/tfjs-layers', '@tensorflow/tfjs-backend-cpu', '@tensorflow/tfjs-backend-wasm', '@tensorflow/tfjs-backend-webgpu']

// Main side: the Electron entry, the headless CLI and the worker entries, with their shared
// chunks, all sit flat in out/main, so a worker script is found next to whoever starts it.
export default defineConfig({
  main: {
    build: {
      externalizeDeps: { exclude: BUNDLED },
      rolldownOptions: {
        output: { chunkFileNames: '[name]-[hash].js' },
        input: {
          index: resolve('src/main/index.ts'),
          cli: resolve('src/main/cli/index.ts'),
          'import.worker': resolve('src/main/jobs/import.worker.ts'),
          'features.worker': resolve('src/main/jobs/features.worker.ts'),
          'cluster.worker': resolve('src/main/jobs/cluster.worker.ts'),
          'knn.worker': resolve('src/main/jobs/knn.worker.ts'),
          'onnx.worker': resolve('src/main/jobs/onnx.worker.ts'),
          'train.worker': resolve('src/main/jobs/train.worker.ts')
        }
      }
    }
  },
  preload: {
    build: {
      rolldownOptions: {
        // A sandboxed preload is evaluated as a classic script: it must be CommonJS.
        output: { format: 'cjs', entryFileNames: '[name].cjs' }
      }
    }
  },
  renderer: {
    root: resolve('src/renderer'),
    base: './',
    plugins: [svelte({ configFile: resolve('svelte.config.js') })],
    build: {
      rolldownOptions: { input: resolve('src/renderer/index.html') }
    }
  }
})
