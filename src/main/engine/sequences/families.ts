/**
 * Generated sequence families with known membership, for tests and the `minhash` benchmark: each
 * family grows from a random ancestor, and its members are copies in which every position of the
 * ancestor is, with probability `rate`, substituted, deleted or preceded by an inserted character
 * (one third each). The ancestor itself is not a member, so two members differ by about twice the
 * rate, as siblings do.
 */
import { seededRandom } from '../random'
import { SequenceError } from './errors'

export interface FamilyOptions {
  families: number
  membersPerFamily: number
  /** Length of each ancestor, drawn uniformly from [minLength, maxLength]. */
  minLength: number
  maxLength: number
  /** Chance that a position is mutated in a copy. */
  rate: number
  alphabet?: string
  seed: number
}

export interface Families {
  sequences: string[]
  /** Family of each sequence, 0 … families − 1. */
  family: Int32Array
}

export function generateFamilies(options: FamilyOptions): Families {
  const { families, membersPerFamily, minLength, maxLength, rate, alphabet = 'ACGT', seed } = options
  if (!(minLength >= 1 && maxLength >= minLength)) throw new SequenceError(`Lengths must satisfy 1 ≤ minLength ≤ maxLength, not ${minLength} and ${maxLength}.`)
  if (!(rate >= 0 && rate <= 1)) throw new SequenceError(`The mutation rate must lie in [0, 1], not ${rate}.`)
  const random = seededRandom(seed)
  const letter = (): string => alphabet[Math.floor(random() * alphabet.length)]!
  const sequences: string[] = []
  const family = new Int32Array(families * membersPerFamily)
  for (let f = 0; f < families; f++) {
    const length = minLength + Math.floor(random() * (maxLength - minLength + 1))
    let ancestor = ''
    for (let i = 0; i < length; i++) ancestor += letter()
    for (let m = 0; m < membersPerFamily; m++) {
      family[sequences.length] = f
      sequences.push(mutate(ancestor, rate, random, letter, alphabet))
    }
  }
  return { sequences, family }
}

function mutate(s: string, rate: number, random: () => number, letter: () => string, alphabet: string): string {
  const out: string[] = []
  for (const c of s) {
    if (random() >= rate) {
      out.push(c)
      continue
    }
    const kind = random() * 3
    if (kind < 1) {
      let other = letter()
      while (alphabet.length > 1 && other === c) other = letter()
      out.push(other)
    } else if (kind >= 2) {
      out.push(letter(), c)
    } // else: deleted
  }
  return out.join('')
}
