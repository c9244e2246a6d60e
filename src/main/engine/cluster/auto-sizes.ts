/**
 * DBSCAN's and HDBSCAN's minimum sizes scaled with the number of items. Fixed values fit one size
 * only: min cluster size 100 and min samples 25 suit 10,000 digits (HDBSCAN ACC 0.93–0.98 on the
 * 2-D layout) but leave the 300-image sample all noise, where each group has 30 images.
 *
 *   min cluster size  √n, from max(5, min samples) to 100: 100 at 10,000 items and more, where
 *                     it stopped mattering on 70,000 digits
 *   min samples       √n / 4, from 5 to 25
 *
 * The square root, not a share: on the 1,797 UCI digits (groups of about 180) 1 % and one in 400
 * (18 and 5) split the 2-D layout into 31 HDBSCAN clusters (ACC 0.51) and 36 DBSCAN clusters
 * (0.60); √n and √n / 4 (42 and 11) gave 16 (0.75) and 24 (0.74). A smaller set's layout holds
 * more small fragments for its size.
 */
export interface ClusterSizes {
  minSamples: number
  minClusterSize: number
  reason: string
}

const clamp = (x: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, x))

export function autoClusterSizes(n: number): ClusterSizes {
  const root = Math.sqrt(n)
  const minSamples = clamp(Math.round(root / 4), 5, 25)
  const minClusterSize = clamp(Math.round(root), Math.max(5, minSamples), 100)
  const items = n.toLocaleString('en')
  return {
    minSamples,
    minClusterSize,
    reason:
      `Scaled to the ${items} items: min cluster size ${minClusterSize} (their square root, kept from ${Math.max(5, minSamples)} to 100), ` +
      `min samples ${minSamples} (a quarter of that, kept from 5 to 25).`
  }
}
