/** Sequence similarity at scale: k-mer MinHash, LSH banding, bounded Levenshtein and clustering on the sparse graph they give. */
export { clusterSequences, SEQUENCE_DEFAULTS, type SequenceClusterOptions, type SequenceClusters } from './cluster-sequences'
export { SequenceError } from './errors'
export { generateFamilies, type Families, type FamilyOptions } from './families'
export { SparseGraphIndex } from './graph-index'
export { codePointLength, normalisedLevenshtein } from './levenshtein'
export { candidatePairs, candidateProbability, chooseBanding, type Banding, type CandidatePairs } from './lsh'
export { estimateJaccard, MinHasher } from './minhash'
export { checkK, chooseK, shingleHashes, type KChoice } from './shingles'
