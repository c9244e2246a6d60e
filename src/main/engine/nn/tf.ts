/**
 * TensorFlow.js as the engine uses it: tfjs-core with the layers API and the plain JS CPU backend,
 * with chained ops, imported once so every neural module shares one engine and one registry of backends. The faster
 * backends (native, WebGPU, WebAssembly) are loaded on demand by backends.ts; never import the
 * '@tensorflow/tfjs' umbrella or tfjs-node statically: the native packages are optional.
 */
import * as tf from '@tensorflow/tfjs-core'
// Chained ops (x.add(y)) at run time and in the typings; only the tfjs umbrella package imports them otherwise.
import '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops'
import '@tensorflow/tfjs-backend-cpu'
import * as tfl from '@tensorflow/tfjs-layers'

export { tf, tfl }
