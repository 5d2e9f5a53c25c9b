/**
 * Finds the resources an expression refers to: `${aws_s3_bucket.b.id}` in HCL and cdk.tf.json
 * (cdktf renders its tokens into exactly this syntax), `"${join("", [aws_kms_key.k.arn])}"` and
 * friends. Only the `${...}` parts are read, so a literal ARN such as `arn:aws:s3:::a.b` is never
 * taken for a reference.
 */

export interface ExpressionReference {
  /** `aws_s3_bucket.b` or `data.aws_iam_policy_document.p`, index stripped. */
  readonly address: string;
  readonly attribute?: string;
}

// type.name, then an optional [index] and an optional .attribute.
const REFERENCE = /(?<![\w.\-"])(data\.)?([a-z][a-z0-9_]*)\.([A-Za-z_][\w-]*)(?:\[[^\]]*\])?(?:\.([A-Za-z_]\w*))?/g;

/** Terraform names that look like `a.b` but are not resources. */
const NOT_RESOURCES = new Set(['var', 'local', 'module', 'each', 'count', 'path', 'terraform', 'self']);

export function hasExpression(value: string): boolean {
  return value.includes('${');
}

/** The bodies of the `${...}` interpolations in a string, braces matched. */
export function interpolations(value: string): string[] {
  const bodies: string[] = [];
  let start = value.indexOf('${');
  while (start !== -1) {
    let depth = 1;
    let i = start + 2;
    for (; i < value.length && depth > 0; i++) {
      if (value[i] === '{') depth++;
      else if (value[i] === '}') depth--;
    }
    bodies.push(value.slice(start + 2, depth === 0 ? i - 1 : i));
    start = value.indexOf('${', i);
  }
  return bodies;
}

export function referencesIn(value: string): ExpressionReference[] {
  if (!hasExpression(value)) return [];
  const found: ExpressionReference[] = [];
  for (const body of interpolations(value)) {
    for (const match of body.matchAll(REFERENCE)) {
      const [, data, type, name, attribute] = match;
      if (!data && NOT_RESOURCES.has(type!)) continue;
      found.push({ address: `${data ?? ''}${type}.${name}`, attribute });
    }
  }
  return found;
}

/** `${var.x}` or `${local.x}` as the whole value: the name, for substitution by its value. */
export function wholeVariableReference(value: string): { kind: 'var' | 'local'; name: string } | undefined {
  const match = /^\$\{(var|local)\.([A-Za-z_][\w-]*)\}$/.exec(value);
  return match ? { kind: match[1] as 'var' | 'local', name: match[2]! } : undefined;
}

/** The address without instance keys: `module.m[0].aws_s3_bucket.b["x"]` -> `module.m.aws_s3_bucket.b`. */
export function baseAddress(address: string): string {
  return address.includes('[') ? address.replace(/\[[^\]]*\]/g, '') : address;
}
