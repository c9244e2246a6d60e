/**
 * Clustering quality: internal metrics from the points (silhouette, Davies–Bouldin,
 * Calinski–Harabasz) and external ones against known groups (NMI, ARI, accuracy), checked against
 * scikit-learn by scripts/fixtures/make-metrics-fixtures.py.
 */
export { accuracy, type Accuracy } from './accuracy'
export { ari, nmi } from './agreement'
export { contingency, type Contingency } from './contingency'
export { calinskiHarabasz, daviesBouldin } from './dispersion'
export { maxWeightAssignment } from './hungarian'
export { clusterQuality, type ClusterQuality, type QualityOptions } from './report'
export { silhouette, type SilhouetteOptions, type SilhouetteResult } from './silhouette'
export { type LongWork, type Matrix, MetricsError, NOISE } from './types'
