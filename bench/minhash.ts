/**
 * `minhash`: sequence clustering at the app's defaults (clusterSequences with no options) on
 * generated DNA families. Each family grows from a random ACGT ancestor of 100 to 1,000 bases;
 * its members are copies with 5 % of the ancestor's positions mutated (substitution, deletion or
 * insertion, a third each), so two members differ by about a tenth. Families hold 50 members;
 * `--size` sets the number of sequences (10,000 by default: 200 families), `--seed` the data.
 *
 * Reports ARI and NMI against the families (DBSCAN's noise counts as one more cluster), the share
 * of all n(n − 1)/2 pairs whose Levenshtein distance was computed, and the seconds of the whole
 * clustering. Goal: ARI ≥ 0.95 while comparing ≤ 2 % of the pairs.
 */
import { ari, nmi } from '../src/main/engine/metrics/agreement'
import { clusterSequences, generateFamilies } from '../src/main/engine/sequences'
import { machine, progress, round, type BenchArgs } from './harness'

const MEMBERS = 50
const RATE = 0.05

export async function run(args: BenchArgs): Promise<Record<string, unknown>> {
  const size = args.size ?? 10_000
  const families = Math.max(1, Math.round(size / MEMBERS))
  const data = generateFamilies({ families, membersPerFamily: MEMBERS, minLength: 100, maxLength: 1000, rate: RATE, seed: args.seed })
  progress(`${data.sequences.length.toLocaleString('en')} sequences in ${families} families of ${MEMBERS}, ${RATE * 100} % of positions mutated per copy`)
  let last = 0
  const result = clusterSequences(data.sequences, {
    onProgress: (done, total) => {
      const now = performance.now()
      if (now - last > 1000 || done === total) {
        last = now
        progress(`clustering: ${Math.round((100 * done) / total)} %`)
      }
    }
  })
  for (const reason of result.reasons) progress(reason)
  const noise = result.labels.reduce((s, l) => s + (l === -1 ? 1 : 0), 0)
  return {
    sequences: data.sequences.length,
    ari: round(ari(result.labels, data.family), 4),
    nmi: round(nmi(result.labels, data.family), 4),
    pairs_compared_fraction: round(result.pairsFraction, 5),
    seconds: round(result.seconds, 2),
    pairs_compared: result.pairsCompared,
    edges: result.edges,
    duplicates: result.duplicates,
    families,
    n_clusters: result.nClusters,
    noise_fraction: round(noise / data.sequences.length, 4),
    k: result.k,
    bands: result.bands,
    rows: result.rows,
    jaccard_target: round(result.jaccard, 3),
    max_distance: result.maxDistance,
    method: result.method,
    min_samples: result.minSamples,
    mutation_rate: RATE,
    seed: args.seed,
    ...machine()
  }
}
