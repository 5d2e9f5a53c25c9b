import type { ResourceGraph } from '../../../engine/graph';
import type { Attributes, Resource } from '../../../engine/model';
import { fail, pass, unknown, type Verdict } from '../../../engine/rule';
import { asBlocks, asStrings, isObject } from '../../../engine/values';

/**
 * IAM policy documents, from wherever they come: a JSON string (heredoc, `JSON.stringify` in
 * cdktf, `jsonencode` in HCL), an object, or an `aws_iam_policy_document` data source the policy
 * refers to. Tokens inside the JSON (`"${aws_s3_bucket.b.arn}/*"`) are left as they are.
 */
export interface Statement {
  readonly effect: string;
  readonly actions: readonly string[];
  readonly resources: readonly string[];
  /** `*`, or principal type -> identifiers. */
  readonly principal: '*' | Readonly<Record<string, readonly string[]>> | undefined;
  readonly condition: Attributes | undefined;
}

type PolicyRead =
  | { readonly kind: 'absent' }
  | { readonly kind: 'unresolved'; readonly why: string }
  | { readonly kind: 'document'; readonly statements: readonly Statement[] };

function readPolicy(resource: Resource, attribute: string, graph: ResourceGraph): PolicyRead {
  const value = resource.values[attribute];
  if (value === undefined || value === null || value === '') return { kind: 'absent' };
  if (isObject(value)) return fromJson(value);
  if (typeof value !== 'string') return { kind: 'unresolved', why: 'is not a policy document' };
  const document = /^\$\{data\.aws_iam_policy_document\.[\w-]+\.json\}$/.test(value)
    ? graph.targetsOf(resource, { type: 'aws_iam_policy_document', via: attribute })[0]
    : undefined;
  if (document) return fromPolicyDocumentData(document.values);
  const parsed = parseLenient(value);
  return parsed === undefined ? { kind: 'unresolved', why: 'is an expression the engine does not evaluate' } : fromJson(parsed);
}

/** JSON, forgiving the trailing commas hand-written heredoc policies often have. */
function parseLenient(text: string): unknown {
  for (const candidate of [text, text.replace(/,(\s*[\]}])/g, '$1')]) {
    try {
      return JSON.parse(candidate);
    } catch {
      continue;
    }
  }
  return undefined;
}

function fromJson(document: unknown): PolicyRead {
  if (!isObject(document) || document.Statement === undefined) return { kind: 'unresolved', why: 'has no Statement' };
  const statements = (Array.isArray(document.Statement) ? document.Statement : [document.Statement]).filter(isObject).map((statement) => ({
    effect: typeof statement.Effect === 'string' ? statement.Effect : 'Allow',
    actions: asStrings(statement.Action) ?? [],
    resources: asStrings(statement.Resource) ?? [],
    principal: principalOf(statement.Principal),
    condition: isObject(statement.Condition) ? statement.Condition : undefined,
  }));
  return { kind: 'document', statements };
}

function principalOf(value: unknown): Statement['principal'] {
  if (value === '*' || (Array.isArray(value) && value.includes('*'))) return '*';
  if (!isObject(value)) return undefined;
  const principal: Record<string, readonly string[]> = {};
  for (const [type, identifiers] of Object.entries(value)) principal[type] = asStrings(identifiers) ?? [];
  return principal;
}

/** `data "aws_iam_policy_document"`: statement blocks with principals and condition blocks. */
function fromPolicyDocumentData(values: Attributes): PolicyRead {
  const statements = asBlocks(values.statement).map((statement) => {
    const principals: Record<string, string[]> = {};
    for (const block of asBlocks(statement.principals)) {
      const type = typeof block.type === 'string' ? block.type : 'AWS';
      principals[type] = [...(principals[type] ?? []), ...(asStrings(block.identifiers) ?? [])];
    }
    const condition: Record<string, Record<string, string[]>> = {};
    for (const block of asBlocks(statement.condition)) {
      if (typeof block.test !== 'string' || typeof block.variable !== 'string') continue;
      condition[block.test] = { ...condition[block.test], [block.variable]: asStrings(block.values) ?? [] };
    }
    return {
      effect: typeof statement.effect === 'string' ? statement.effect : 'Allow',
      actions: asStrings(statement.actions) ?? [],
      resources: asStrings(statement.resources) ?? [],
      principal: Object.keys(principals).length > 0 ? principals : undefined,
      condition: Object.keys(condition).length > 0 ? condition : undefined,
    };
  });
  return { kind: 'document', statements };
}

/** `"Principal": "*"` or `{"AWS": "*"}`: anyone, on the internet included. */
export function allowsEveryone(statement: Statement): boolean {
  if (statement.principal === '*') return true;
  return statement.principal?.AWS?.includes('*') ?? false;
}

/** Condition keys that pin a public principal down to a network, an organisation or an account. */
const NARROWING_KEYS = [
  'aws:sourceVpce',
  'aws:SourceVpc',
  'aws:VpceAccount',
  'aws:PrincipalOrgPaths',
  'aws:userid',
  'aws:PrincipalArn',
  'aws:PrincipalAccount',
  'aws:PrincipalOrgID',
  'aws:Ec2InstanceSourceVpc',
  'ec2:SourceInstanceArn',
  'lambda:SourceFunctionArn',
  'ssm:SourceInstanceArn',
];

/**
 * Whether a statement's condition really narrows who can use it (Checkov's reading, kept for
 * conformance): ARN conditions other than "any ARN", or string conditions on the keys above.
 */
function conditionNarrows(condition: Attributes | undefined): boolean {
  if (!condition) return false;
  // `ForAllValues:StringEquals` and `StringEqualsIfExists` test the same way for this purpose.
  const operators = new Map(Object.entries(condition).map(([operator, test]) => [operator.replace(/^For(All|Any)Values?:/, '').replace(/IfExists$/, ''), test]));
  if (operators.has('ArnNotEquals') || operators.has('ArnNotLike')) return true;
  for (const operator of ['ArnEquals', 'ArnLike']) {
    const test = operators.get(operator);
    if (!isObject(test)) continue;
    for (const key of ['aws:PrincipalArn', 'aws:SourceArn']) {
      const arns = asStrings(test[key]) ?? [];
      if (arns.some((arn) => /^arn:aws:[a-z0-9-]+::\*/.test(arn))) return false;
    }
    return true;
  }
  const narrowing = new Set(NARROWING_KEYS.map((key) => key.toLowerCase()));
  return ['StringEquals', 'StringEqualsIgnoreCase', 'StringLike'].some((operator) => {
    const test = operators.get(operator);
    return isObject(test) && Object.keys(test).some((key) => narrowing.has(key.toLowerCase()));
  });
}

/** An Allow open to everyone that no condition narrows: the internet can use it. */
export function isPublicStatement(statement: Statement): boolean {
  return statement.effect !== 'Deny' && allowsEveryone(statement) && !conditionNarrows(statement.condition);
}

/** The shape of policy rules: read the document, fail on the first offending statement. */
export function checkPolicy(
  resource: Resource,
  attribute: string,
  graph: ResourceGraph,
  rule: { readonly whenAbsent: Verdict; readonly offends: (statement: Statement) => boolean; readonly problem: (statement: Statement) => string },
): Verdict {
  const read = readPolicy(resource, attribute, graph);
  if (read.kind === 'absent') return rule.whenAbsent;
  if (read.kind === 'unresolved') return unknown(attribute, read.why);
  const offending = read.statements.find(rule.offends);
  return offending ? fail(attribute, rule.problem(offending)) : pass;
}
