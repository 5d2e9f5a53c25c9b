import { readFileSync } from 'node:fs';
import { parseYamlWithSchema } from '../../../core/config/parse-yaml';
import { ConfigError } from '../../../core/config/problems';
import { type GatePolicy, gatePolicySchema } from './policy-schema';

const VALID = 'a valid gate policy';

/** A policy names a few columns and metrics: far below this. */
const MAX_POLICY_CHARACTERS = 1024 * 1024;

/** Validates policy text; every problem at once, each with its path, line and a did-you-mean. `file` only names it. */
export function parsePolicy(text: string, file: string): GatePolicy {
  if (text.length > MAX_POLICY_CHARACTERS) {
    throw new ConfigError(file, [{ path: '', message: `${text.length} characters; a policy holds at most ${MAX_POLICY_CHARACTERS}` }], VALID);
  }
  return parseYamlWithSchema(gatePolicySchema, text, file, {
    validWhat: VALID,
    notAMapping: 'the file must be a YAML mapping with task, label, features, risk and the gates (metrics, champion, slices, latency, model, lineage)',
  });
}

/** Reads and validates a policy file (a ConfigError, exit code 2, when it cannot be used). */
export function loadPolicy(file: string): GatePolicy {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (error as Error).message;
    throw new ConfigError(file, [{ path: '', message: `cannot read the policy: ${reason}` }], VALID);
  }
  return parsePolicy(text, file);
}
