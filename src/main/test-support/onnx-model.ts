/**
 * Tiny ONNX models written byte by byte, so tests need neither Python nor a downloaded file. A
 * minimal protobuf encoder (varints and length-delimited fields) covers the part of onnx.proto
 * that a graph of a few nodes needs; the field numbers are onnx.proto's, and onnxruntime-node
 * loading these models is what checks them.
 */
import { writeFileSync } from 'node:fs'

// --- protobuf wire format ---------------------------------------------------------------------

function varint(value: number | bigint): number[] {
  let v = BigInt.asUintN(64, BigInt(value))
  const out: number[] = []
  do {
    let byte = Number(v & 0x7fn)
    v >>= 7n
    if (v > 0n) byte |= 0x80
    out.push(byte)
  } while (v > 0n)
  return out
}

/** A varint field (wire type 0). */
function intField(field: number, value: number | bigint): number[] {
  return [...varint(field << 3), ...varint(value)]
}

/** A length-delimited field (wire type 2): bytes, a string or an embedded message. */
function bytesField(field: number, bytes: Uint8Array | number[] | string): number[] {
  const data = typeof bytes === 'string' ? [...new TextEncoder().encode(bytes)] : [...bytes]
  return [...varint((field << 3) | 2), ...varint(data.length), ...data]
}

// --- onnx.proto messages ----------------------------------------------------------------------

export const FLOAT = 1
export const INT64 = 7

export interface Initializer {
  name: string
  dims: number[]
  /** FLOAT values, or INT64 values when `int64` is set. */
  values: number[]
  int64?: boolean
}

export interface NodeSpec {
  op: string
  inputs: string[]
  outputs: string[]
  /** Integer-list attributes (AttributeProto type INTS), e.g. Transpose's perm. */
  ints?: Record<string, number[]>
  /** Integer attributes (type INT), e.g. Flatten's axis. */
  int?: Record<string, number>
}

export interface ValueSpec {
  name: string
  /** A number is a fixed size (dim_value), a string a symbolic one (dim_param). */
  dims: (number | string)[]
  elemType?: number
}

export interface GraphSpec {
  name?: string
  nodes: NodeSpec[]
  initializers: Initializer[]
  inputs: ValueSpec[]
  outputs: ValueSpec[]
}

function tensorProto(t: Initializer): number[] {
  // TensorProto: dims 1, data_type 2, name 8, raw_data 9 (little-endian values).
  const raw = t.int64 ? new Uint8Array(new BigInt64Array(t.values.map(BigInt)).buffer) : new Uint8Array(new Float32Array(t.values).buffer)
  return [...t.dims.flatMap((d) => intField(1, d)), ...intField(2, t.int64 ? INT64 : FLOAT), ...bytesField(8, t.name), ...bytesField(9, raw)]
}

function attributeProtos(node: NodeSpec): number[] {
  // AttributeProto: name 1, i 3, ints 8, type 20 (INT = 2, INTS = 7).
  const ints = Object.entries(node.ints ?? {}).flatMap(([name, values]) =>
    bytesField(5, [...bytesField(1, name), ...values.flatMap((v) => intField(8, v)), ...intField(20, 7)])
  )
  const int = Object.entries(node.int ?? {}).flatMap(([name, value]) => bytesField(5, [...bytesField(1, name), ...intField(3, value), ...intField(20, 2)]))
  return [...ints, ...int]
}

function nodeProto(node: NodeSpec, index: number): number[] {
  // NodeProto: input 1, output 2, name 3, op_type 4, attribute 5.
  return [
    ...node.inputs.flatMap((i) => bytesField(1, i)),
    ...node.outputs.flatMap((o) => bytesField(2, o)),
    ...bytesField(3, `${node.op.toLowerCase()}_${index}`),
    ...bytesField(4, node.op),
    ...attributeProtos(node)
  ]
}

function valueInfoProto(v: ValueSpec): number[] {
  // ValueInfoProto{name 1, type 2: TypeProto{tensor_type 1: {elem_type 1, shape 2: {dim 1: {dim_value 1 | dim_param 2}}}}}
  const dims = v.dims.flatMap((d) => bytesField(1, typeof d === 'number' ? intField(1, d) : bytesField(2, d)))
  const tensor = [...intField(1, v.elemType ?? FLOAT), ...bytesField(2, dims)]
  return [...bytesField(1, v.name), ...bytesField(2, bytesField(1, tensor))]
}

/** ModelProto bytes: ir_version 8, opset 13 of the default domain, and the graph. */
export function encodeModel(graph: GraphSpec): Uint8Array {
  // GraphProto: node 1, name 2, initializer 5, input 11, output 12.
  const g = [
    ...graph.nodes.flatMap((n, i) => bytesField(1, nodeProto(n, i))),
    ...bytesField(2, graph.name ?? 'graph'),
    ...graph.initializers.flatMap((t) => bytesField(5, tensorProto(t))),
    ...graph.inputs.flatMap((v) => bytesField(11, valueInfoProto(v))),
    ...graph.outputs.flatMap((v) => bytesField(12, valueInfoProto(v)))
  ]
  // ModelProto: ir_version 1, graph 7, opset_import 8 (OperatorSetIdProto: domain 1, version 2).
  return new Uint8Array([...intField(1, 8), ...bytesField(7, g), ...bytesField(8, [...bytesField(1, ''), ...intField(2, 13)])])
}

// --- the test models --------------------------------------------------------------------------

/** The 3 × 2 weight and the bias of the test models, row-major (channel r, g, b → 2 outputs). */
export const TINY_WEIGHT = [1, 0.5, -2, 0.25, 0.5, 3]
export const TINY_BIAS = [0.1, -0.2]

const pixelInput: ValueSpec = { name: 'pixel_values', dims: ['batch', 3, 4, 4] }
const weights: Initializer[] = [
  { name: 'W', dims: [3, 2], values: TINY_WEIGHT },
  { name: 'B', dims: [2], values: TINY_BIAS }
]

/** pixel_values [N,3,4,4] → GlobalAveragePool → Flatten → MatMul W (3 × 2) → Add B → embeds [N,2]. */
export function tinyImageModel(): Uint8Array {
  return encodeModel({
    name: 'tiny-image',
    nodes: [
      { op: 'GlobalAveragePool', inputs: ['pixel_values'], outputs: ['pooled'] },
      { op: 'Flatten', inputs: ['pooled'], outputs: ['flat'] },
      { op: 'MatMul', inputs: ['flat', 'W'], outputs: ['projected'] },
      { op: 'Add', inputs: ['projected', 'B'], outputs: ['embeds'] }
    ],
    initializers: weights,
    inputs: [pixelInput],
    outputs: [{ name: 'embeds', dims: ['batch', 2] }]
  })
}

/** The position term added to token t (16 tokens, one per pixel, 3 values each): t/10 · [1, −1, 2]. */
export function tokenPosition(t: number): [number, number, number] {
  return [t / 10, -t / 10, (2 * t) / 10]
}

/**
 * pixel_values [N,3,4,4] → tokens [N,16,3] (one per pixel, row by row) + a position term →
 * MatMul W → Add B → hidden [N,16,2]; so the first token and the mean of all differ.
 */
export function tinyTokenModel(): Uint8Array {
  const position = Array.from({ length: 16 }, (_, t) => tokenPosition(t)).flat()
  return encodeModel({
    name: 'tiny-tokens',
    nodes: [
      { op: 'Reshape', inputs: ['pixel_values', 'shape'], outputs: ['channels'] },
      { op: 'Transpose', inputs: ['channels'], outputs: ['tokens'], ints: { perm: [0, 2, 1] } },
      { op: 'Add', inputs: ['tokens', 'P'], outputs: ['placed'] },
      { op: 'MatMul', inputs: ['placed', 'W'], outputs: ['projected'] },
      { op: 'Add', inputs: ['projected', 'B'], outputs: ['hidden'] }
    ],
    initializers: [...weights, { name: 'shape', dims: [3], values: [0, 3, 16], int64: true }, { name: 'P', dims: [16, 3], values: position }],
    inputs: [pixelInput],
    outputs: [{ name: 'hidden', dims: ['batch', 16, 2] }]
  })
}

/** pixel_values [N,3,4,4] → GlobalAveragePool → pooled [N,3,1,1]: the channel means, to be squeezed. */
export function tinySpatialModel(): Uint8Array {
  return encodeModel({
    name: 'tiny-spatial',
    nodes: [{ op: 'GlobalAveragePool', inputs: ['pixel_values'], outputs: ['pooled'] }],
    initializers: [],
    inputs: [pixelInput],
    outputs: [{ name: 'pooled', dims: ['batch', 3, 1, 1] }]
  })
}

export function writeModel(path: string, bytes: Uint8Array): string {
  writeFileSync(path, bytes)
  return path
}
