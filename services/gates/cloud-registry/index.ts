/**
 * The SageMaker mirror of promotion decisions, for `plinth gates promote`:
 * `mirrorToSageMaker` after a decision, `updateApproval` for a rollback or a human approval.
 */
export { type MirroredPackage, type MirrorRequest, mirrorToSageMaker } from './mirror-to-sagemaker';
export { type ApprovalChange, type ApprovalChanged, updateApproval } from './update-approval';
export { type SageMakerServing } from './serving-specification';
export { METADATA_KEYS } from './package-metadata';
