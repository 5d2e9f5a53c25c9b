import { EMULATOR_DESTROY_GAPS } from './emulator-gaps';

/**
 * Why a resource can still carry an environment's tags after Terraform destroyed it, by ARN. Either
 * AWS completes the deletion later (Terraform's destroy succeeded and the resource cannot be used,
 * but the tagging API lists it for a while), or the emulator cannot delete its type at all
 * (EMULATOR_DESTROY_GAPS). Anything else still tagged was not destroyed.
 */
const DELETED_LATER_BY_AWS: readonly { readonly arnPart: string; readonly why: string }[] = [
  { arnPart: ':key/', why: 'deleted later by AWS: a KMS key waits out its deletion window (7-30 days), disabled' },
  { arnPart: ':natgateway/', why: 'deleted later by AWS: a deleted NAT gateway stays listed, in state "deleted", for about an hour' },
];

/** ARN fragments of the emulator's undeletable types. */
const EMULATOR_TYPE_ARNS: Readonly<Record<keyof typeof EMULATOR_DESTROY_GAPS, string>> = {
  aws_sagemaker_model_package_group: ':model-package-group/',
  aws_elasticache_subnet_group: ':subnetgroup:',
};

/** Why this resource may still be listed though destroyed; undefined when it was not destroyed. */
export function leftoverReason(arn: string, emulated: boolean): string | undefined {
  const later = DELETED_LATER_BY_AWS.find(({ arnPart }) => arn.includes(arnPart));
  if (later) return later.why;
  if (!emulated) return undefined;
  const type = Object.entries(EMULATOR_TYPE_ARNS).find(([, arnPart]) => arn.includes(arnPart))?.[0];
  return type ? `left to the emulator: ${EMULATOR_DESTROY_GAPS[type]}` : undefined;
}
