import { Readable } from 'node:stream';
import { text as streamText } from 'node:stream/consumers';
import { ArtifactNotFoundError } from '../artifacts/artifact-store';
import { openArtifactStore } from '../artifacts/open-artifact-store';
import { formatTritonConfig } from './format-triton-config';
import { ModelError } from './model-error';
import { CONFIG_FILE, MODEL_FILE } from './model-repository';
import { parseTritonConfig } from './parse-triton-config';

/**
 * Makes a Triton model repository serve one version of a model, the registry's champion: its
 * config.pbtxt's version_policy becomes `specific { versions: [version] }`. Publishing keeps every
 * version, so this is what a promotion or a rollback changes; an inference server polling the
 * repository (Plinth's, or Triton with `--model-control-mode=poll`) switches at its next poll. The
 * version must be in the repository. Returns the versions the policy served before.
 */
export async function pinServedVersion(location: string, name: string, version: number): Promise<string> {
  const store = openArtifactStore(location);
  const configPath = `${name}/${CONFIG_FILE}`;
  let text: string;
  try {
    text = await streamText(await store.get(configPath));
  } catch (error) {
    if (error instanceof ArtifactNotFoundError) throw new ModelError('invalid-argument', `model '${name}' is not in the model repository ${location} (no ${configPath}): publish it first`);
    throw error;
  }
  const hasVersion = (await store.list(name)).some((entry) => entry.isDir && entry.path === `${name}/${version}`);
  const hasModel = hasVersion && (await store.list(`${name}/${version}`)).some((entry) => entry.path === `${name}/${version}/${MODEL_FILE}`);
  if (!hasModel) throw new ModelError('invalid-argument', `model '${name}' version ${version} is not in the model repository ${location}: it cannot be served`);
  const config = parseTritonConfig(text, `${location}/${configPath}`);
  const before = describePolicy(config.versionPolicy);
  const pinned = formatTritonConfig({ ...config, versionPolicy: { specific: { versions: [version] } } });
  const bytes = Buffer.from(pinned);
  await store.put(configPath, Readable.from([bytes]), bytes.length);
  return before;
}

function describePolicy(policy: ReturnType<typeof parseTritonConfig>['versionPolicy']): string {
  if ('all' in policy) return 'all versions';
  if ('specific' in policy) return `version${policy.specific.versions.length === 1 ? '' : 's'} ${policy.specific.versions.join(', ')}`;
  return policy.latest.numVersions === 1 ? 'the latest version' : `the latest ${policy.latest.numVersions} versions`;
}
