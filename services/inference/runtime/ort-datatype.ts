import { DATATYPE_INFO, V2_DATATYPES, type V2Datatype } from '../tensor';

const BY_ORT_TYPE = new Map<string, V2Datatype>(V2_DATATYPES.map((datatype) => [DATATYPE_INFO[datatype].ort, datatype]));

/** The v2 datatype of an onnxruntime element type; undefined for one the protocol lacks (bfloat16, 4-bit types). */
export function v2DatatypeOf(ortType: string): V2Datatype | undefined {
  return BY_ORT_TYPE.get(ortType);
}
