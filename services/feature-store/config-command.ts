import { readFileSync } from 'node:fs';
import { UserFacingError } from '../../core/exit-codes';
import { featureStoreYaml } from '../../constructs/k8s/feature-store/feature-store-yaml';

export interface ConfigFlags {
  readonly outputs: string;
  readonly environment?: string;
}

/** The foundation outputs `feature_store.yaml` is made of, with what each one is. */
export const FEATURE_STORE_OUTPUTS = {
  feature_store_project: 'the Feast project the feature server serves',
  feature_store_host: 'host name of the online cache',
  feature_store_port: 'port of the online cache',
  feature_store_user: 'cache user of the feature store (IAM authentication)',
  artifact_uri: 'the artifact bucket, home of the registry and the offline data',
} as const;

type Outputs = Record<string, unknown>;

/** `plinth feature-store config`: writes the feature_store.yaml to standard output. */
export function configCommand(flags: ConfigFlags): void {
  const stacks = readOutputsFile(flags.outputs);
  const [stack, outputs] = foundationStack(stacks, flags);
  const value = (name: keyof typeof FEATURE_STORE_OUTPUTS) => outputs[name];
  const missing = Object.keys(FEATURE_STORE_OUTPUTS).filter((name) => value(name as keyof typeof FEATURE_STORE_OUTPUTS) === undefined);
  if (missing.length > 0) {
    throw new UserFacingError(
      `${flags.outputs}: stack "${stack}" has no ${missing.map((name) => `"${name}"`).join(', ')} output${missing.length > 1 ? 's' : ''} ` +
        `(${missing.map((name) => FEATURE_STORE_OUTPUTS[name as keyof typeof FEATURE_STORE_OUTPUTS]).join('; ')}). ` +
        'The foundation stack has them when its blueprint enables the feature store (realtime, llm-rag); deploy it, then run `cdktf output` again',
    );
  }
  const port = Number(value('feature_store_port'));
  try {
    process.stdout.write(
      featureStoreYaml({
        project: String(value('feature_store_project')),
        artifactUri: String(value('artifact_uri')),
        cache: { host: String(value('feature_store_host')), port, user: String(value('feature_store_user')) },
      }),
    );
  } catch (error) {
    throw new UserFacingError(`${flags.outputs}: stack "${stack}": ${(error as Error).message}`);
  }
}

function readOutputsFile(file: string): Record<string, Outputs> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new UserFacingError(`--outputs ${file}: ${reason}; write it with \`cdktf output <platform>-<env>-foundation --outputs-file ${file}\``);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new UserFacingError(`${file}: not JSON (${(error as Error).message}); write it with \`cdktf output <platform>-<env>-foundation --outputs-file ${file}\``);
  }
  const isObject = (v: unknown): v is Outputs => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!isObject(parsed) || !Object.values(parsed).every(isObject)) {
    throw new UserFacingError(`${file}: expected cdktf's outputs file, an object of stacks ({"<stack>": {"<output>": value}})`);
  }
  return parsed as Record<string, Outputs>;
}

/** The one foundation stack of the file, or the one of `--environment`. */
function foundationStack(stacks: Record<string, Outputs>, flags: ConfigFlags): [string, Outputs] {
  const names = Object.keys(stacks);
  const chosen = flags.environment === undefined ? names : names.filter((name) => name.endsWith(`-${flags.environment}-foundation`));
  if (chosen.length === 1) return [chosen[0]!, stacks[chosen[0]!]!];
  const listed = names.length > 0 ? names.map((n) => `"${n}"`).join(', ') : 'none';
  if (flags.environment !== undefined) {
    const what = chosen.length === 0 ? 'no stack named "<platform>-' + flags.environment + '-foundation"' : `several stacks for environment "${flags.environment}"`;
    throw new UserFacingError(`${flags.outputs}: ${what} (stacks: ${listed})`);
  }
  throw new UserFacingError(`${flags.outputs}: ${names.length === 0 ? 'no stacks' : `${names.length} stacks (${listed})`}; pick one with --environment <env>`);
}
