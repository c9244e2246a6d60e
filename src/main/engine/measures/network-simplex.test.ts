import { describe, expect, it } from 'vitest'
import { expectClose, seeded } from './__fixtures__/testing'
import { MeasureError } from './errors'
import { solveTransport, type TransportSolution } from './network-simplex'
import { plainTransportCost } from './reference/emd'

function normalised(random: () => number, n: number, zeros = 0): Float64Array {
  const w = Float64Array.from({ length: n }, () => (random() < zeros ? 0 : random()))
  w[0]! += 0.1
  const total = w.reduce((s, x) => s + x, 0)
  return w.map((x) => x / total)
}

/** The plan is feasible: non-negative, and its row and column sums are the supplies and demands. */
function expectFeasible(s: TransportSolution, supply: Float64Array, demand: Float64Array, cost: Float64Array): void {
  const rows = new Float64Array(supply.length)
  const cols = new Float64Array(demand.length)
  let total = 0
  for (let k = 0; k < s.flow.length; k++) {
    expect(s.flow[k]!).toBeGreaterThan(0)
    rows[s.from[k]!]! += s.flow[k]!
    cols[s.to[k]!]! += s.flow[k]!
    total += s.flow[k]! * cost[s.from[k]! * demand.length + s.to[k]!]!
  }
  supply.forEach((x, i) => expectClose(rows[i]!, x, 1e-12, 1e-15))
  demand.forEach((x, j) => expectClose(cols[j]!, x, 1e-12, 1e-15))
  expectClose(s.cost, total, 1e-14)
  // A basic solution: at most m + n − 1 arcs carry flow.
  expect(s.flow.length).toBeLessThanOrEqual(supply.length + demand.length - 1)
}

describe('network simplex', () => {
  const random = seeded(51)

  it('finds a feasible plan whose cost equals an independent min-cost-flow solver\'s', () => {
    for (let t = 0; t < 30; t++) {
      const m = 1 + Math.floor(random() * 25)
      const n = 1 + Math.floor(random() * 25)
      const supply = normalised(random, m, t % 2 ? 0.3 : 0)
      const demand = normalised(random, n, t % 3 ? 0 : 0.3)
      // Random costs, not from a geometry: the solver must not rely on one.
      const cost = Float64Array.from({ length: m * n }, () => (t % 4 ? random() * 10 : Math.floor(random() * 3)))
      const s = solveTransport(supply, demand, cost)
      expectFeasible(s, supply, demand, cost)
      expectClose(s.cost, plainTransportCost(supply, demand, cost), 1e-9, 1e-12)
    }
  })

  it('solves the textbook 3 × 3 example by hand', () => {
    // Supplies 0.2, 0.3, 0.5; demands 0.5, 0.25, 0.25; the diagonal is free, moving costs 1.
    const cost = Float64Array.from([0, 1, 1, 1, 0, 1, 1, 1, 0])
    const s = solveTransport([0.2, 0.3, 0.5], [0.5, 0.25, 0.25], cost)
    // 0.2, 0.25 and 0.25 stay put; the remaining 0.3 must move, at cost 1 each.
    expectClose(s.cost, 0.3, 1e-15)
  })

  it('survives equal masses and equal costs everywhere without cycling', () => {
    const n = 30
    const flat = new Float64Array(n).fill(1 / n)
    const s = solveTransport(flat, flat, new Float64Array(n * n).fill(1))
    expectClose(s.cost, 1, 1e-12)
    expectFeasible(s, flat, flat, new Float64Array(n * n).fill(1))
  })

  it('refuses a cost matrix of the wrong size, bad costs or masses, and totals that do not match', () => {
    expect(() => solveTransport([1], [1], [1, 2])).toThrow(MeasureError)
    expect(() => solveTransport([0.5, 0.5], [0.25, 0.25], [1, 1, 1, 1])).toThrow(/totals differ/)
    expect(() => solveTransport([1], [1], [NaN])).toThrow(/cost from 0 to 0 is NaN/)
    expect(() => solveTransport([1], [1], [-1])).toThrow(/finite and ≥ 0/)
    expect(() => solveTransport([1, -1], [0], [1, 1])).toThrow(/supply 1 is -1/)
  })
})
