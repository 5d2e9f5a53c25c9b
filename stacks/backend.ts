import * as path from 'node:path';
import { GcsBackend, LocalBackend, S3Backend, type TerraformStack } from 'cdktf';
import type { BackendConfig } from '../core/config/schema';

export interface BackendTarget {
  readonly platform: string;
  readonly environment: string;
  readonly stackName: string;
  /** Region of the state bucket when the backend does not name one. */
  readonly region: string;
  /** Folder of platform.yaml: relative local state folders resolve against it. */
  readonly configDirectory: string;
}

/**
 * Gives a stack the state backend its environment asks for: S3 with a DynamoDB lock (encrypted),
 * GCS (which locks state itself and encrypts it at rest), or local files. Without a backend in the config, state is local next to platform.yaml, as cdktf
 * does by default.
 */
export function configureBackend(stack: TerraformStack, backend: BackendConfig | undefined, target: BackendTarget): void {
  if (backend?.type === 's3') {
    new S3Backend(stack, {
      bucket: backend.bucket,
      key: `${stateKeyPrefix(backend, target.platform, target.environment)}/${target.stackName}.tfstate`,
      region: backend.region ?? target.region,
      dynamodbTable: backend.dynamodbTable,
      encrypt: true,
    });
    return;
  }
  if (backend?.type === 'gcs') {
    new GcsBackend(stack, { bucket: backend.bucket, prefix: `${stateKeyPrefix(backend, target.platform, target.environment)}/${target.stackName}` });
    return;
  }
  const directory = path.resolve(target.configDirectory, backend?.directory ?? '.');
  new LocalBackend(stack, { path: path.join(directory, `terraform.${target.stackName}.tfstate`) });
}

/** Where an environment's state objects start in an S3 or GCS backend: the config's prefix, else `<platform>/<environment>`. */
export function stateKeyPrefix(backend: Extract<BackendConfig, { type: 's3' | 'gcs' }>, platform: string, environment: string): string {
  return (backend.type === 's3' ? backend.keyPrefix : backend.prefix) ?? `${platform}/${environment}`;
}
