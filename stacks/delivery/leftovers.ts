import { EMULATOR_DESTROY_GAPS } from './emulator-gaps';

/**
 * Why a resource can still carry an environment's tags (labels, on GCP) after Terraform destroyed it, by its ARN or
 * full resource name. Either the cloud completes the deletion later (Terraform's destroy succeeded and the resource
 * cannot be used, but the search lists it for a while), or the cloud never deletes its type (Cloud KMS keys: what
 * Terraform can do is forget them and destroy their key versions), or the emulator cannot delete its type at all
 * (EMULATOR_DESTROY_GAPS). Anything else still tagged was not destroyed.
 */
const DESTROYED_BUT_LISTED: readonly { readonly name: RegExp; readonly why: string }[] = [
  { name: /:key\//, why: 'deleted later by AWS: a KMS key waits out its deletion window (7-30 days), disabled' },
  { name: /:natgateway\//, why: 'deleted later by AWS: a deleted NAT gateway stays listed, in state "deleted", for about an hour' },
  {
    name: /^\/\/cloudkms\.googleapis\.com\/projects\/[^/]+\/locations\/[^/]+\/keyRings\/[^/]+(\/cryptoKeys\/[^/]+(\/cryptoKeyVersions\/[^/]+)?)?$/,
    why: 'never deleted by GCP: Cloud KMS cannot delete key rings and keys; Terraform forgets them and schedules the destruction of every key version, after which the key encrypts and decrypts nothing (and costs nothing)',
  },
];

/** ARN fragments of the emulator's undeletable types. */
const EMULATOR_TYPE_ARNS: Readonly<Record<keyof typeof EMULATOR_DESTROY_GAPS, string>> = {
  aws_sagemaker_model_package_group: ':model-package-group/',
  aws_elasticache_subnet_group: ':subnetgroup:',
};

/**
 * Why this resource (an ARN, or a GCP full resource name such as `//cloudkms.googleapis.com/projects/…`) may still
 * be listed though destroyed; undefined when it was not destroyed.
 */
export function leftoverReason(resource: string, emulated: boolean): string | undefined {
  const listed = DESTROYED_BUT_LISTED.find(({ name }) => name.test(resource));
  if (listed) return listed.why;
  if (!emulated) return undefined;
  const type = Object.entries(EMULATOR_TYPE_ARNS).find(([, arnPart]) => resource.includes(arnPart))?.[0];
  return type ? `left to the emulator: ${EMULATOR_DESTROY_GAPS[type]}` : undefined;
}

/** Whether any of an environment's tagged resources still exists: one whose resources are all explained leftovers is gone. */
export function anyStillExists(resources: readonly string[], emulated: boolean): boolean {
  return resources.some((resource) => leftoverReason(resource, emulated) === undefined);
}
