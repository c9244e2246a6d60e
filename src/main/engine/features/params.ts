/**
 * Checking feature parameters that arrive from the UI, the CLI or a stored feature set: missing
 * keys take their defaults, anything else must be known and in range, and the error says which
 * parameter is wrong and what it accepts.
 */

export class FeatureParamsError extends Error {
  override name = 'FeatureParamsError'
}

export type ParamSpec =
  | { kind: 'int'; min: number; max: number }
  | { kind: 'enum'; values: readonly string[] }
  | { kind: 'bool' }

export type ParamSpecs<P> = { readonly [K in keyof P]: ParamSpec }

function describe(spec: ParamSpec): string {
  switch (spec.kind) {
    case 'int':
      return `a whole number from ${spec.min} to ${spec.max}`
    case 'enum':
      return `one of ${spec.values.map((v) => `'${v}'`).join(', ')}`
    case 'bool':
      return 'true or false'
  }
}

function accepts(spec: ParamSpec, value: unknown): boolean {
  switch (spec.kind) {
    case 'int':
      return typeof value === 'number' && Number.isInteger(value) && value >= spec.min && value <= spec.max
    case 'enum':
      return typeof value === 'string' && spec.values.includes(value)
    case 'bool':
      return typeof value === 'boolean'
  }
}

/** `input` merged over `defaults`, every value checked against its spec. */
export function readParams<P extends object>(method: string, input: unknown, defaults: P, specs: ParamSpecs<P>): P {
  if (input === undefined || input === null) return { ...defaults }
  if (typeof input !== 'object' || Array.isArray(input)) {
    throw new FeatureParamsError(`${method} parameters must be an object of named values, got ${JSON.stringify(input)}.`)
  }
  const known = Object.keys(specs)
  const out: Record<string, unknown> = { ...(defaults as Record<string, unknown>) }
  for (const [key, value] of Object.entries(input)) {
    const spec = (specs as Record<string, ParamSpec | undefined>)[key]
    if (spec === undefined) {
      throw new FeatureParamsError(`${method} has no parameter '${key}': the parameters are ${known.join(', ')}.`)
    }
    if (value === undefined) continue
    if (!accepts(spec, value)) {
      throw new FeatureParamsError(`${method} parameter '${key}' must be ${describe(spec)}, got ${JSON.stringify(value)}.`)
    }
    out[key] = value
  }
  return out as P
}
