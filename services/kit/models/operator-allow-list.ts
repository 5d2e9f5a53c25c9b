import type { OnnxOperatorUse } from './inspect-onnx-model';
import { ModelError } from './model-error';
import { ONNX_ML_OPERATORS, ONNX_OPERATORS } from './standard-onnx-operators';

/** One operator allowed beyond the standard ones, e.g. `{ domain: 'com.microsoft', opType: 'FusedMatMul' }`. */
export interface AllowedOperator {
  readonly domain: string;
  readonly opType: string;
}

/**
 * The operators a model may use: every operator the ONNX standard defines in the default domain and
 * in 'ai.onnx.ml' (scikit-learn's converters emit those), plus `extra`. A custom domain runs code that
 * is not ONNX's (a contrib kernel, or a shared library registered at load), and a name the standard
 * does not define in the default domain is not a standard op either: both are refused unless listed.
 */
export class OperatorAllowList {
  private readonly allowed: Set<string>;

  constructor(private readonly extra: readonly AllowedOperator[] = []) {
    this.allowed = new Set([
      ...ONNX_OPERATORS.map((opType) => key('', opType)),
      ...ONNX_ML_OPERATORS.map((opType) => key('ai.onnx.ml', opType)),
      ...extra.map((op) => key(op.domain === 'ai.onnx' ? '' : op.domain, op.opType)),
    ]);
  }

  allows(domain: string, opType: string): boolean {
    return this.allowed.has(key(domain, opType));
  }

  /** Refuses (ModelError 'operator-not-allowed') when any operator is off the list, naming each and where it is used. */
  check(operators: readonly OnnxOperatorUse[], label: string): void {
    const refused = operators.filter((op) => !this.allows(op.domain, op.opType));
    if (refused.length === 0) return;
    const named = refused.map((op) => `${op.opType} (domain '${op.domain}') at ${op.places[0]}${op.places.length > 1 ? ` and ${op.places.length - 1} more` : ''}`);
    const extra = this.extra.length > 0 ? `, and ${this.extra.map((op) => `${op.opType} (domain '${op.domain}')`).join(', ')}` : '';
    throw new ModelError(
      'operator-not-allowed',
      `${label} uses ${refused.length === 1 ? 'an operator' : 'operators'} outside the allow-list: ${named.join('; ')}. ` +
        `Allowed: the standard ONNX operators (domain '' or 'ai.onnx') and 'ai.onnx.ml' ones${extra}`,
    );
  }
}

function key(domain: string, opType: string): string {
  return `${domain}\u0000${opType}`;
}
