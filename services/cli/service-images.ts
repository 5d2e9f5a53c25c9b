import { readFileSync } from 'node:fs';
import { UserFacingError } from '../../core/exit-codes';

/** The targets of services/Dockerfile, one image each (a test keeps this list equal to the file's stages). */
export const SERVICE_IMAGES = ['tracking', 'drift', 'gates', 'inference', 'console'] as const;

/** One image the release workflow builds from services/Dockerfile and pushes. */
export interface ServiceImage {
  /** The Dockerfile target. */
  readonly service: string;
  /** `<repository>:<version>`: exactly what the workloads stack deploys. */
  readonly image: string;
  /** The registry host to log in to. */
  readonly registry: string;
}

/**
 * The images of an environment: each service whose `<service>_repository` output the foundation stack
 * has (a capability switched off has none), tagged with the version the workloads stack deploys.
 * `outputs` is what `terraform output -json` prints.
 */
export function serviceImages(outputs: Readonly<Record<string, { readonly value?: unknown }>>, version: string): ServiceImage[] {
  return SERVICE_IMAGES.flatMap((service) => {
    const repository = outputs[`${service}_repository`]?.value;
    if (typeof repository !== 'string' || repository === '') return [];
    return [{ service, image: `${repository}:${version}`, registry: repository.split('/')[0] }];
  });
}

/** Reads `terraform output -json` from a file, with an error that says what was expected. */
export function readTerraformOutputs(file: string): Record<string, { readonly value?: unknown }> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UserFacingError(`--outputs ${file}: cannot read it as JSON (${(error as Error).message}); expected what \`terraform output -json\` prints in the foundation stack`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new UserFacingError(`--outputs ${file}: found ${Array.isArray(parsed) ? 'an array' : String(parsed)}; expected the object \`terraform output -json\` prints`);
  }
  return parsed as Record<string, { readonly value?: unknown }>;
}
