import type { TensorData, V2Datatype } from '../tensor';
import { halfBitsToFloat } from './float16';
import { floatText } from './json-number-text';

/**
 * A tensor's elements as the JSON array of a response's (or request's) `data`, flat and row-major as Triton
 * writes it: BOOL as true/false, integers as digits (64-bit ones exact, beyond 2^53 too), floats as
 * json-number-text.ts prints them, FP16 as the numbers its bits hold, BYTES as JSON strings.
 */
export function tensorDataJson(datatype: V2Datatype, data: TensorData): string {
  if (Array.isArray(data)) return JSON.stringify(data);
  switch (datatype) {
    case 'BOOL':
      return joined(data.length, (index) => (data[index] === 0 ? 'false' : 'true'));
    case 'FP16':
      return joined(data.length, (index) => floatText(halfBitsToFloat(data[index] as number)));
    case 'FP32':
    case 'FP64':
      return joined(data.length, (index) => floatText(data[index] as number));
    default:
      // Integer typed arrays join as their exact decimal digits, bigints included.
      return `[${data.join(',')}]`;
  }
}

function joined(length: number, element: (index: number) => string): string {
  let text = '[';
  for (let index = 0; index < length; index += 1) {
    if (index > 0) text += ',';
    text += element(index);
  }
  return `${text}]`;
}
