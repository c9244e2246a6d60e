/**
 * A straightforward exact Earth Mover's Distance: successive shortest paths for min-cost flow
 * (Dijkstra on the dense residual bipartite graph, with Johnson potentials to keep edge costs
 * non-negative). Each round sends as much mass as it can along the cheapest path from a source
 * with mass left to a sink with room left. Independent of the network simplex, it is the second
 * opinion in the tests and the plain baseline in the benchmark. The app does not use it.
 */
import type { Signature } from '../emd-signature'

export function plainTransportCost(supply: ArrayLike<number>, demand: ArrayLike<number>, cost: ArrayLike<number>): number {
  const m = supply.length
  const n = demand.length
  const left = Float64Array.from(supply)
  const room = Float64Array.from(demand)
  const flow = new Float64Array(m * n)
  const pot = new Float64Array(m + n) // supply nodes 0 … m − 1, demand nodes m … m + n − 1
  const dist = new Float64Array(m + n)
  const prev = new Int32Array(m + n)
  const done = new Uint8Array(m + n)
  let remaining = left.reduce((s, x) => s + x, 0)
  const tiny = 1e-12 * Math.max(remaining, 1e-300)
  // Rounding leaves reduced costs a hair below 0; settled nodes are never relaxed again, so the
  // path tree cannot loop.
  while (remaining > tiny) {
    dist.fill(Infinity)
    done.fill(0)
    prev.fill(-1)
    for (let i = 0; i < m; i++) if (left[i]! > tiny) dist[i] = 0
    for (;;) {
      let u = -1
      for (let v = 0; v < m + n; v++) if (!done[v] && dist[v]! < Infinity && (u < 0 || dist[v]! < dist[u]!)) u = v
      if (u < 0) break
      done[u] = 1
      if (u < m) {
        for (let j = 0; j < n; j++) {
          const d = dist[u]! + cost[u * n + j]! + pot[u]! - pot[m + j]!
          if (d < dist[m + j]! && !done[m + j]) {
            dist[m + j] = d
            prev[m + j] = u
          }
        }
      } else {
        const j = u - m
        for (let i = 0; i < m; i++) {
          if (flow[i * n + j]! <= 0 || done[i]) continue
          const d = dist[u]! - cost[i * n + j]! + pot[u]! - pot[i]!
          if (d < dist[i]!) {
            dist[i] = d
            prev[i] = u
          }
        }
      }
    }
    let sink = -1
    for (let j = 0; j < n; j++) if (room[j]! > tiny && dist[m + j]! < Infinity && (sink < 0 || dist[m + j]! < dist[sink]!)) sink = m + j
    if (sink < 0) break
    // Bottleneck: the source's mass, the sink's room, and any backward edge's flow on the path.
    let amount = room[sink - m]!
    let v = sink
    while (prev[v]! >= 0) {
      const u = prev[v]!
      if (u >= m) amount = Math.min(amount, flow[v * n + (u - m)]!)
      v = u
    }
    amount = Math.min(amount, left[v]!)
    for (v = sink; prev[v]! >= 0; v = prev[v]!) {
      const u = prev[v]!
      if (u < m) flow[u * n + (v - m)] = flow[u * n + (v - m)]! + amount
      else flow[v * n + (u - m)] = flow[v * n + (u - m)]! - amount
    }
    left[v] = left[v]! - amount
    room[sink - m] = room[sink - m]! - amount
    remaining -= amount
    const far = dist[sink]!
    for (let u = 0; u < m + n; u++) pot[u] = pot[u]! + Math.min(dist[u]!, far)
  }
  let total = 0
  for (let e = 0; e < m * n; e++) total += flow[e]! * cost[e]!
  return total
}

/** The same EMD as emdSignature (normalised weights, Euclidean ground distance), the plain way. */
export function plainEmdSignature(a: Signature, b: Signature): number {
  const ta = Array.from(a.weights).reduce((s, w) => s + w, 0)
  const tb = Array.from(b.weights).reduce((s, w) => s + w, 0)
  const m = a.weights.length
  const n = b.weights.length
  const cost = new Float64Array(m * n)
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) cost[i * n + j] = Math.hypot(a.centres[2 * i]! - b.centres[2 * j]!, a.centres[2 * i + 1]! - b.centres[2 * j + 1]!)
  }
  return plainTransportCost(Array.from(a.weights, (w) => w / ta), Array.from(b.weights, (w) => w / tb), cost)
}
