/**
 * Clusters sequences by edit distance without comparing every pair:
 *
 *  1. k-mer shingles of each sequence (shingles.ts), k chosen from the alphabet and lengths;
 *  2. MinHash signatures of the shingle sets (minhash.ts);
 *  3. LSH banding of the signatures (lsh.ts) gives the candidate pairs;
 *  4. each candidate pair's Levenshtein distance, bounded by maxDistance × the longer length, so
 *     that a distant pair stops early; pairs within the bound become edges of a sparse graph,
 *     weighted by the distance over the longer length;
 *  5. DBSCAN over that graph (a SparseGraphIndex answers its range queries), or its connected
 *     components.
 *
 * Exact copies of a sequence are set aside before step 1 and join their first copy at distance 0.
 * No n × n matrix exists at any step: memory grows with n and with the candidate pairs. Step 4
 * uses measures/levenshtein.ts (Myers' bit-parallel algorithm with the same band and cut-off as
 * the banded programme in levenshtein.ts, and the same results): on 5 %-mutated DNA of 100–1,000
 * bases it took about a tenth of the time per pair.
 */
import { dbscan } from '../cluster/dbscan'
import { levenshtein as myersLevenshtein } from '../measures/levenshtein'
import { checkAborted } from '../search/checks'
import type { LongWork } from '../search/types'
import { SequenceError } from './errors'
import { SparseGraphIndex } from './graph-index'
import { codePointLength } from './levenshtein'
import { candidatePairs, chooseBanding } from './lsh'
import { MinHasher } from './minhash'
import { checkK, chooseK, shingleHashes } from './shingles'

export interface SequenceClusterOptions extends LongWork {
  /** Shingle length; by default chosen from the alphabet and the lengths (chooseK). */
  k?: number
  /** MinHash functions per signature. */
  hashes?: number
  /** Jaccard index at which a pair becomes a candidate half the time; by default from maxDistance and k. */
  jaccard?: number
  /** Largest edit distance over the longer length that joins two sequences, in (0, 1). */
  maxDistance?: number
  /** 'dbscan' (the default: sequences with few close relatives stay noise, −1) or 'components'. */
  method?: 'dbscan' | 'components'
  /** DBSCAN's min samples: sequences within maxDistance, itself included, that make a core sequence. */
  minSamples?: number
  seed?: number
}

export interface SequenceClusters {
  /** Cluster of each sequence, 0 … nClusters − 1; −1 for DBSCAN's noise. */
  labels: Int32Array
  nClusters: number
  k: number
  hashes: number
  bands: number
  rows: number
  jaccard: number
  maxDistance: number
  method: 'dbscan' | 'components'
  minSamples: number
  /** Pairs whose Levenshtein distance was computed, and their share of all n(n − 1)/2 pairs. */
  pairsCompared: number
  pairsFraction: number
  /** Compared pairs within maxDistance: the graph's edges (exact copies aside). */
  edges: number
  /** Sequences that repeat an earlier one exactly; they are not compared again. */
  duplicates: number
  seconds: number
  /** Why each default is what it is, for the user to read. */
  reasons: string[]
}

export const SEQUENCE_DEFAULTS = { hashes: 96, maxDistance: 0.2, minSamples: 3, seed: 1 } as const

/** Progress is reported on one scale of this many steps, shared out between the stages. */
const SCALE = 1000

export function clusterSequences(sequences: readonly string[], options: SequenceClusterOptions = {}): SequenceClusters {
  const started = performance.now()
  const n = sequences.length
  const { signal, onProgress } = options
  const reasons: string[] = []
  const method = options.method ?? 'dbscan'
  if (method !== 'dbscan' && method !== 'components') throw new SequenceError(`There is no sequence clustering method "${String(method)}"; use "dbscan" or "components".`)
  const maxDistance = options.maxDistance ?? SEQUENCE_DEFAULTS.maxDistance
  if (!(maxDistance > 0 && maxDistance < 1)) throw new SequenceError(`maxDistance is a share of the longer sequence's length, between 0 and 1 (exclusive), not ${maxDistance}; 0.2 joins sequences that differ at a fifth of their positions or less.`)
  if (options.maxDistance === undefined) reasons.push(`Sequences join when their Levenshtein distance is at most ${maxDistance} of the longer one's length.`)
  const minSamples = options.minSamples ?? SEQUENCE_DEFAULTS.minSamples
  if (!Number.isInteger(minSamples) || minSamples < 1) throw new SequenceError(`minSamples must be a whole number ≥ 1 (the sequence itself counts), not ${minSamples}.`)
  const seed = options.seed ?? SEQUENCE_DEFAULTS.seed
  if (options.k !== undefined) checkK(options.k)

  // Exact copies are compared once: each later copy joins its first at distance 0 and takes its
  // label at the end, as DBSCAN would give it (the two have the same neighbours). Left in, m
  // copies would share every band and make m(m − 1)/2 candidate pairs.
  const representative = new Int32Array(n)
  const lengths = new Int32Array(n)
  const uniques: number[] = []
  const firstCopy = new Map<string, number>()
  for (let i = 0; i < n; i++) {
    const s = sequences[i]
    if (typeof s !== 'string') throw new SequenceError(`Sequence ${i} is not text; every sequence must be a string of residues.`)
    const r = firstCopy.get(s)
    if (r === undefined) {
      firstCopy.set(s, i)
      uniques.push(i)
    }
    representative[i] = r ?? i
    lengths[i] = codePointLength(s)
  }
  firstCopy.clear()
  const u = uniques.length

  let k: number
  if (options.k === undefined) {
    const choice = chooseK(sequences)
    k = choice.k
    reasons.push(choice.reason)
  } else {
    k = options.k
  }
  // A pair at half the distance limit keeps about (1 − d)^k of its k-mers, Jaccard s / (2 − s):
  // such pairs become candidates about half the time, closer ones nearly always.
  const kept = (1 - maxDistance / 2) ** k
  const jaccard = options.jaccard ?? kept / (2 - kept)
  if (options.jaccard === undefined) reasons.push(`MinHash target Jaccard ${jaccard.toFixed(2)}: what two sequences ${maxDistance / 2} of their length apart keep of their ${k}-mers.`)
  const hashes = options.hashes ?? SEQUENCE_DEFAULTS.hashes
  const banding = chooseBanding(jaccard, hashes)
  reasons.push(banding.reason)
  const { bands, rows } = banding
  const length = bands * rows

  const stage = (from: number, to: number) => (done: number, total: number) => onProgress?.(Math.round(from + ((to - from) * done) / Math.max(1, total)), SCALE)

  // 1–2. Shingles and signatures.
  const hasher = new MinHasher(length, seed)
  const signatures = new Uint32Array(u * length)
  const signed = stage(0, 400)
  let buffer: Uint32Array = new Uint32Array(1024)
  for (let x = 0; x < u; x++) {
    if (x % 256 === 0) {
      checkAborted(signal)
      signed(x, u)
    }
    const { hashes: h, count } = shingleHashes(sequences[uniques[x]!]!, k, seed, buffer)
    buffer = h
    hasher.signature(h, count, signatures, x * length)
  }

  // 3. Candidate pairs.
  const pairs = candidatePairs(signatures, u, bands, rows, { signal, onProgress: stage(400, 450) })

  // 4. Bounded Levenshtein on the candidates; the pairs within the bound are the graph's edges.
  const size = pairs.count + n - u
  const first = new Int32Array(size)
  const second = new Int32Array(size)
  const distance = new Float64Array(size)
  let edges = 0
  const compared = stage(450, 950)
  for (let p = 0; p < pairs.count; p++) {
    if (p % 1024 === 0) {
      checkAborted(signal)
      compared(p, pairs.count)
    }
    const i = uniques[pairs.first[p]!]!
    const j = uniques[pairs.second[p]!]!
    const a = sequences[i]!
    const b = sequences[j]!
    const longer = Math.max(lengths[i]!, lengths[j]!)
    const bound = Math.floor(maxDistance * longer)
    const d = myersLevenshtein(a, b, { maxDistance: bound })
    if (d > bound) continue
    first[edges] = i
    second[edges] = j
    distance[edges++] = d / longer // longer > 0: two empty sequences are copies
  }
  const measured = edges
  for (let i = 0; i < n; i++) {
    if (representative[i] === i) continue
    first[edges] = representative[i]!
    second[edges] = i
    distance[edges++] = 0
  }

  // 5. Clusters over the graph.
  checkAborted(signal)
  const graph = new SparseGraphIndex(n, first, second, distance, edges)
  let labels: Int32Array
  let nClusters: number
  if (method === 'components') {
    ;({ labels, nClusters } = graph.components(maxDistance))
  } else {
    const standIn = { data: new Float32Array(n), rows: n, cols: 1 } // DBSCAN checks a matrix; the graph holds the distances
    ;({ labels, nClusters } = dbscan(standIn, { eps: maxDistance, minSamples, index: graph, algorithm: 'index', signal, onProgress: stage(950, SCALE) }))
    for (let i = 0; i < n; i++) labels[i] = labels[representative[i]!]!
    if (options.minSamples === undefined) reasons.push(`DBSCAN with min samples ${minSamples}: a sequence with at least ${minSamples - 1} close relatives anchors a cluster; one with none is noise.`)
  }
  onProgress?.(SCALE, SCALE)
  const allPairs = (n * (n - 1)) / 2
  return {
    labels, nClusters, k, hashes: length, bands, rows, jaccard, maxDistance, method, minSamples,
    pairsCompared: pairs.count,
    pairsFraction: allPairs === 0 ? 0 : pairs.count / allPairs,
    edges: measured,
    duplicates: n - u,
    seconds: (performance.now() - started) / 1000,
    reasons
  }
}
