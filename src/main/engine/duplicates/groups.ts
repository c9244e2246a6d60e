/**
 * Near-duplicate groups: the connected components (union-find) of the pairs found close, each with
 * a representative (its largest file, the first one on a tie) and the pairs that joined it.
 */
import type { HammingPair } from './hamming-index'

export interface DuplicateGroup {
  /** Indexes of the members, the representative first, then in index order. */
  members: number[]
  /** The pairs inside the group that were found close, with their distances. */
  pairs: HammingPair[]
}

class UnionFind {
  private readonly parent: Int32Array
  constructor(n: number) {
    this.parent = Int32Array.from({ length: n }, (_, i) => i)
  }
  find(i: number): number {
    while (this.parent[i] !== i) {
      this.parent[i] = this.parent[this.parent[i]!]!
      i = this.parent[i]!
    }
    return i
  }
  union(a: number, b: number): void {
    const ra = this.find(a)
    const rb = this.find(b)
    if (ra !== rb) this.parent[Math.max(ra, rb)] = Math.min(ra, rb)
  }
}

/**
 * Groups of two or more among `count` things joined by `pairs`; `size(i)` ranks representatives.
 * Groups come largest first, then by their first member.
 */
export function duplicateGroups(count: number, pairs: readonly HammingPair[], size: (i: number) => number = () => 0): DuplicateGroup[] {
  const uf = new UnionFind(count)
  for (const p of pairs) uf.union(p.a, p.b)
  const byRoot = new Map<number, DuplicateGroup>()
  for (const p of pairs) {
    const root = uf.find(p.a)
    let g = byRoot.get(root)
    if (!g) byRoot.set(root, (g = { members: [], pairs: [] }))
    g.pairs.push(p)
  }
  for (let i = 0; i < count; i++) byRoot.get(uf.find(i))?.members.push(i)
  const groups = [...byRoot.values()]
  for (const g of groups) {
    let rep = g.members[0]!
    for (const m of g.members) if (size(m) > size(rep)) rep = m
    g.members = [rep, ...g.members.filter((m) => m !== rep)]
  }
  return groups.sort((x, y) => y.members.length - x.members.length || Math.min(...x.members) - Math.min(...y.members))
}
