import { SageMakerClient } from '@aws-sdk/client-sagemaker';

/** Where the mirror writes and with which client. */
export interface SageMakerGroup {
  /** The model package group: the foundation stack's `model_registry` output (`<namePrefix>-models`). */
  readonly groupName: string;
  /**
   * @default - a client from the standard AWS credential and region chain; the SDK honours
   * `AWS_ENDPOINT_URL_SAGEMAKER` (or `AWS_ENDPOINT_URL`) for an emulator
   */
  readonly client?: SageMakerClient;
}

export function clientOf(target: SageMakerGroup): SageMakerClient {
  return target.client ?? new SageMakerClient({});
}
