/**
 * ONNX's `TensorProto.DataType` numbers (onnx/onnx.proto) by the lower-case names onnxruntime uses in
 * its type strings (`tensor(float)`), so a reported type reads the same as onnxruntime's own report.
 */
const ELEMENT_TYPE_NAMES: Record<number, string> = {
  1: 'float',
  2: 'uint8',
  3: 'int8',
  4: 'uint16',
  5: 'int16',
  6: 'int32',
  7: 'int64',
  8: 'string',
  9: 'bool',
  10: 'float16',
  11: 'double',
  12: 'uint32',
  13: 'uint64',
  14: 'complex64',
  15: 'complex128',
  16: 'bfloat16',
  17: 'float8e4m3fn',
  18: 'float8e4m3fnuz',
  19: 'float8e5m2',
  20: 'float8e5m2fnuz',
  21: 'uint4',
  22: 'int4',
  23: 'float4e2m1',
  24: 'float8e8m0',
  25: 'uint2',
  26: 'int2',
  27: 'float6e2m3',
  28: 'float6e3m2',
};

/** The element type's name; `undefined` (absent) or 0 is 'undefined', a number ONNX has not defined yet is `type <n>`. */
export function onnxElementTypeName(dataType: number | undefined): string {
  if (!dataType) return 'undefined';
  return ELEMENT_TYPE_NAMES[dataType] ?? `type ${dataType}`;
}
