import type { TensorData, V2Datatype } from '../tensor';
import { floatToHalfBits } from './float16';

/**
 * Where a JSON request's elements go: one sink per input, filling the typed array onnxruntime takes. `put`
 * returns undefined when the element was stored, otherwise what would have been valid, for the message.
 * Numbers are stored without allocating (64-bit integers go in as two 32-bit halves rather than as bigints).
 */
export interface JsonElementSink {
  readonly data: TensorData;
  put(index: number, value: unknown): string | undefined;
}

/**
 * What a sink returns for an INT64 or UINT64 element beyond 2^53 read by JSON.parse, which has rounded it: the
 * caller parses the request again with exact integers (see triton-json.ts).
 */
export const NEEDS_EXACT_INTEGERS = 'an integer read exactly';

/** A sink for `count` elements of `datatype`; `exactIntegers` says whether integers beyond 2^53 arrive as bigints. */
export function createJsonElementSink(datatype: V2Datatype, count: number, exactIntegers: boolean): JsonElementSink {
  switch (datatype) {
    case 'BOOL':
      return new BoolSink(count);
    case 'UINT8':
      return new SmallIntegerSink(new Uint8Array(count), 0, 0xff);
    case 'UINT16':
      return new SmallIntegerSink(new Uint16Array(count), 0, 0xffff);
    case 'UINT32':
      return new SmallIntegerSink(new Uint32Array(count), 0, 0xffffffff);
    case 'INT8':
      return new SmallIntegerSink(new Int8Array(count), -0x80, 0x7f);
    case 'INT16':
      return new SmallIntegerSink(new Int16Array(count), -0x8000, 0x7fff);
    case 'INT32':
      return new SmallIntegerSink(new Int32Array(count), -0x80000000, 0x7fffffff);
    case 'INT64':
      return new LargeIntegerSink(new BigInt64Array(count), -(2n ** 63n), 2n ** 63n - 1n, exactIntegers);
    case 'UINT64':
      return new LargeIntegerSink(new BigUint64Array(count), 0n, 2n ** 64n - 1n, exactIntegers);
    case 'FP16':
      return new HalfSink(count);
    case 'FP32':
      return new FloatSink(new Float32Array(count), 'FP32');
    case 'FP64':
      return new FloatSink(new Float64Array(count), 'FP64');
    case 'BYTES':
      return new BytesSink(count);
  }
}

class BoolSink implements JsonElementSink {
  readonly data: Uint8Array;
  constructor(count: number) {
    this.data = new Uint8Array(count);
  }
  put(index: number, value: unknown): string | undefined {
    if (typeof value !== 'boolean') return 'true or false';
    this.data[index] = value ? 1 : 0;
    return undefined;
  }
}

type SmallIntegerArray = Uint8Array | Uint16Array | Uint32Array | Int8Array | Int16Array | Int32Array;

class SmallIntegerSink implements JsonElementSink {
  constructor(
    readonly data: SmallIntegerArray,
    private readonly min: number,
    private readonly max: number,
  ) {}
  put(index: number, value: unknown): string | undefined {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < this.min || value > this.max) {
      return `an integer from ${this.min} to ${this.max}`;
    }
    this.data[index] = value;
    return undefined;
  }
}

const TWO_POW_32 = 2 ** 32;

class LargeIntegerSink implements JsonElementSink {
  /** The same memory as 32-bit halves, low half first (every platform Node runs Plinth on is little-endian). */
  private readonly halves: Uint32Array;
  constructor(
    readonly data: BigInt64Array | BigUint64Array,
    private readonly min: bigint,
    private readonly max: bigint,
    private readonly exactIntegers: boolean,
  ) {
    this.halves = new Uint32Array(data.buffer, data.byteOffset, data.length * 2);
  }
  put(index: number, value: unknown): string | undefined {
    if (typeof value === 'number' && Number.isSafeInteger(value)) {
      if (this.min === 0n && value < 0) return this.valid();
      this.halves[index * 2] = value >>> 0;
      this.halves[index * 2 + 1] = Math.floor(value / TWO_POW_32) >>> 0;
      return undefined;
    }
    if (typeof value === 'bigint' && value >= this.min && value <= this.max) {
      this.data[index] = value;
      return undefined;
    }
    if (typeof value === 'number' && Number.isInteger(value) && !this.exactIntegers) return NEEDS_EXACT_INTEGERS;
    if (typeof value === 'number' && Number.isInteger(value)) return `${this.valid()}, written as plain digits (no fraction or exponent) when beyond 2^53`;
    return this.valid();
  }
  private valid(): string {
    return `an integer from ${this.min} to ${this.max}`;
  }
}

const FLOAT_RANGE = { FP16: '65504', FP32: '3.4028234663852886e38' } as const;

class FloatSink implements JsonElementSink {
  constructor(
    readonly data: Float32Array | Float64Array,
    private readonly datatype: 'FP32' | 'FP64',
  ) {}
  put(index: number, value: unknown): string | undefined {
    const number = typeof value === 'bigint' ? Number(value) : value;
    if (typeof number !== 'number') return 'a number (or NaN, Infinity, -Infinity)';
    this.data[index] = number;
    if (this.datatype === 'FP32' && Number.isFinite(number) && !Number.isFinite(this.data[index])) {
      return `a number within FP32's range (magnitude at most ${FLOAT_RANGE.FP32}), or Infinity`;
    }
    return undefined;
  }
}

class HalfSink implements JsonElementSink {
  readonly data: Uint16Array;
  constructor(count: number) {
    this.data = new Uint16Array(count);
  }
  put(index: number, value: unknown): string | undefined {
    const number = typeof value === 'bigint' ? Number(value) : value;
    if (typeof number !== 'number') return 'a number (or NaN, Infinity, -Infinity)';
    const bits = floatToHalfBits(number);
    if (Number.isFinite(number) && (bits & 0x7c00) === 0x7c00) return `a number within FP16's range (magnitude below 65520, which rounds to ${FLOAT_RANGE.FP16}), or Infinity`;
    this.data[index] = bits;
    return undefined;
  }
}

/** In a Unicode-mode pattern, a surrogate range matches only surrogates that are not part of a pair. */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

class BytesSink implements JsonElementSink {
  readonly data: string[];
  constructor(count: number) {
    this.data = new Array<string>(count);
  }
  put(index: number, value: unknown): string | undefined {
    if (typeof value !== 'string') return 'a string';
    // A lone surrogate has no UTF-8 form: it would reach the model as U+FFFD, not as sent.
    if (LONE_SURROGATE.test(value)) return 'a string of Unicode text (this one holds a lone surrogate)';
    this.data[index] = value;
    return undefined;
  }
}
