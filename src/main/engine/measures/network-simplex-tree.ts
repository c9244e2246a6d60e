/**
 * The spanning-tree basis of the network simplex in network-simplex.ts, for the complete
 * bipartite graph of a transportation problem: supply nodes 0 … m − 1, demand nodes m … m + n − 1,
 * the artificial root m + n; arc i·n + j joins supply i to demand j, arc m·n + u joins node u and
 * the root.
 *
 * The tree is stored as in LEMON's NetworkSimplex: for each node its parent, the arc to it (`pred`,
 * `forward` when that arc points from the node to its parent), a preorder `thread` (with its
 * reverse), the subtree size and the subtree's last node in preorder. A pivot re-hangs the subtree
 * cut off by the leaving arc under the entering arc and shifts its potentials, touching only the
 * nodes on the cycle and in that subtree. All arcs are uncapacitated, so a non-tree arc always
 * sits at flow 0 (state 1) and a tree arc has state 0.
 */
import { MeasureError } from './errors'
import type { TransportSolution } from './network-simplex'

export class TreeState {
  readonly src: Int32Array
  readonly tgt: Int32Array
  readonly cost: Float64Array
  readonly flow: Float64Array
  readonly state: Int8Array
  readonly pi: Float64Array
  private readonly parent: Int32Array
  private readonly pred: Int32Array
  private readonly forward: Uint8Array
  private readonly thread: Int32Array
  private readonly revThread: Int32Array
  private readonly succNum: Int32Array
  private readonly lastSucc: Int32Array
  private readonly dirtyRevs: Int32Array
  private readonly root: number
  private readonly arcs: number

  constructor(
    private readonly m: number,
    private readonly n: number,
    cost: ArrayLike<number>,
    private readonly bigM: number
  ) {
    const nodes = m + n
    this.arcs = m * n
    this.root = nodes
    const all = this.arcs + nodes
    this.src = new Int32Array(all)
    this.tgt = new Int32Array(all)
    this.cost = new Float64Array(all)
    this.flow = new Float64Array(all)
    this.state = new Int8Array(all)
    for (let i = 0, e = 0; i < m; i++) {
      for (let j = 0; j < n; j++, e++) {
        this.src[e] = i
        this.tgt[e] = m + j
        this.cost[e] = cost[e]!
        this.state[e] = 1
      }
    }
    this.pi = new Float64Array(nodes + 1)
    this.parent = new Int32Array(nodes + 1)
    this.pred = new Int32Array(nodes + 1)
    this.forward = new Uint8Array(nodes + 1)
    this.thread = new Int32Array(nodes + 1)
    this.revThread = new Int32Array(nodes + 1)
    this.succNum = new Int32Array(nodes + 1)
    this.lastSucc = new Int32Array(nodes + 1)
    this.dirtyRevs = new Int32Array(nodes + 1)
  }

  /** Every node hangs from the root by its artificial arc, which carries the node's supply. */
  init(supply: Float64Array): void {
    const root = this.root
    for (let u = 0; u < root; u++) {
      const e = this.arcs + u
      this.parent[u] = root
      this.pred[u] = e
      this.thread[u] = u + 1
      this.revThread[u + 1] = u
      this.succNum[u] = 1
      this.lastSucc[u] = u
      this.state[e] = 0
      if (supply[u]! >= 0) {
        this.forward[u] = 1
        this.pi[u] = 0
        this.src[e] = u
        this.tgt[e] = root
        this.flow[e] = supply[u]!
        this.cost[e] = 0
      } else {
        this.forward[u] = 0
        this.pi[u] = this.bigM
        this.src[e] = root
        this.tgt[e] = u
        this.flow[e] = -supply[u]!
        this.cost[e] = this.bigM
      }
    }
    this.parent[root] = -1
    this.pred[root] = -1
    this.thread[root] = 0
    this.revThread[0] = root
    this.succNum[root] = root + 1
    this.lastSucc[root] = root - 1
    this.pi[root] = 0
  }

  /** Brings arc `inArc` (reduced cost < 0) into the tree and the leaving arc out. */
  pivot(inArc: number): void {
    const { parent, pred, forward, succNum, flow } = this
    // The join node: where the tree paths from the arc's two ends meet.
    let a = this.src[inArc]!
    let b = this.tgt[inArc]!
    while (a !== b) {
      if (succNum[a]! < succNum[b]!) a = parent[a]!
      else b = parent[b]!
    }
    const join = a
    // The leaving arc: the first blocking arc met walking the cycle in its direction from the join
    // (strict < on the first side, ≤ on the second) keeps the tree strongly feasible.
    const first = this.src[inArc]!
    const second = this.tgt[inArc]!
    let delta = Infinity
    let uOut = -1
    let side = 0
    for (let u = first; u !== join; u = parent[u]!) {
      if (forward[u] && flow[pred[u]!]! < delta) {
        delta = flow[pred[u]!]!
        uOut = u
        side = 1
      }
    }
    for (let u = second; u !== join; u = parent[u]!) {
      if (!forward[u] && flow[pred[u]!]! <= delta) {
        delta = flow[pred[u]!]!
        uOut = u
        side = 2
      }
    }
    if (side === 0) throw new MeasureError('transport: the problem is unbounded, which transport costs ≥ 0 rule out; check the cost matrix.')
    if (delta > 0) {
      flow[inArc] = flow[inArc]! + delta
      for (let u = first; u !== join; u = parent[u]!) flow[pred[u]!] = flow[pred[u]!]! + (forward[u] ? -delta : delta)
      for (let u = second; u !== join; u = parent[u]!) flow[pred[u]!] = flow[pred[u]!]! + (forward[u] ? delta : -delta)
    }
    this.state[inArc] = 0
    this.state[pred[uOut]!] = 1
    const uIn = side === 1 ? first : second
    const vIn = side === 1 ? second : first
    this.rehang(inArc, join, uIn, vIn, uOut)
    // Shift the potentials of the moved subtree so the entering arc has reduced cost 0.
    const c = this.cost[inArc]!
    const sigma = forward[uIn] ? this.pi[vIn]! - this.pi[uIn]! - c : this.pi[vIn]! - this.pi[uIn]! + c
    const end = this.thread[this.lastSucc[uIn]!]!
    for (let u = uIn; u !== end; u = this.thread[u]!) this.pi[u] = this.pi[u]! + sigma
  }

  /** LEMON's updateTreeStructure: the subtree below uOut now hangs from vIn through uIn. */
  private rehang(inArc: number, join: number, uIn: number, vIn: number, uOut: number): void {
    const { parent, pred, forward, thread, revThread, succNum, lastSucc, dirtyRevs } = this
    const oldRevThread = revThread[uOut]!
    const oldSuccNum = succNum[uOut]!
    const oldLastSucc = lastSucc[uOut]!
    const vOut = parent[uOut]!

    let u = lastSucc[uIn]!
    let right = thread[u]!
    // When oldRevThread is vIn, join and vOut coincide.
    const last = oldRevThread === vIn ? thread[oldLastSucc]! : thread[vIn]!

    // Walk the stem from uIn up to uOut, reversing parents and splicing each subtree into the thread.
    let stem = uIn
    let parStem = vIn
    thread[vIn] = uIn
    let dirty = 0
    dirtyRevs[dirty++] = vIn
    while (stem !== uOut) {
      const newStem = parent[stem]!
      thread[u] = newStem
      dirtyRevs[dirty++] = u
      const w = revThread[stem]!
      thread[w] = right
      revThread[right] = w
      parent[stem] = parStem
      parStem = stem
      stem = newStem
      u = lastSucc[stem] === lastSucc[parStem] ? revThread[parStem]! : lastSucc[stem]!
      right = thread[u]!
    }
    parent[uOut] = parStem
    thread[u] = last
    revThread[last] = u
    lastSucc[uOut] = u
    if (oldRevThread !== vIn) {
      thread[oldRevThread] = right
      revThread[right] = oldRevThread
    }
    for (let i = 0; i < dirty; i++) revThread[thread[dirtyRevs[i]!]!] = dirtyRevs[i]!

    // pred, forward, succNum and lastSucc along the stem, from uOut back to uIn.
    let sc = 0
    const ls = lastSucc[uOut]!
    for (u = uOut; u !== uIn; ) {
      const w = parent[u]!
      pred[u] = pred[w]!
      forward[u] = forward[w] ? 0 : 1
      sc += succNum[u]! - succNum[w]!
      succNum[u] = sc
      lastSucc[w] = ls
      u = w
    }
    pred[uIn] = inArc
    forward[uIn] = uIn === this.src[inArc] ? 1 : 0
    succNum[uIn] = oldSuccNum

    // lastSucc on the paths from vIn and vOut towards the root.
    const upLimitIn = lastSucc[join] === vIn ? -1 : join
    const upLimitOut = lastSucc[join] === vIn ? join : -1
    const lastOut = lastSucc[uOut]!
    for (u = vIn; u !== upLimitIn && lastSucc[u] === vIn; u = parent[u]!) lastSucc[u] = lastOut
    const replacement = join !== oldRevThread && vIn !== oldRevThread ? oldRevThread : lastOut
    for (u = vOut; u !== upLimitOut && lastSucc[u] === oldLastSucc; u = parent[u]!) lastSucc[u] = replacement

    for (u = vIn; u !== join; u = parent[u]!) succNum[u] = succNum[u]! + oldSuccNum
    for (u = vOut; u !== join; u = parent[u]!) succNum[u] = succNum[u]! - oldSuccNum
  }

  /** The optimal plan from the tree arcs (every other arc carries 0). */
  solution(cost: ArrayLike<number>, pivots: number): TransportSolution {
    const from: number[] = []
    const to: number[] = []
    const amounts: number[] = []
    let total = 0
    let stranded = 0
    for (let u = 0; u < this.root; u++) {
      const e = this.pred[u]!
      const f = this.flow[e]!
      if (e >= this.arcs) stranded = Math.max(stranded, f)
      else if (f > 0) {
        from.push((e / this.n) | 0)
        to.push(e % this.n)
        amounts.push(f)
        total += f * cost[e]!
      }
    }
    // Flow left on an artificial arc means supply and demand totals differ beyond rounding.
    if (stranded > 1e-9) {
      throw new MeasureError('transport: supply and demand totals differ, so no plan moves all the mass. Normalise both sides first.')
    }
    return { cost: total, pivots, from: Int32Array.from(from), to: Int32Array.from(to), flow: Float64Array.from(amounts) }
  }
}
