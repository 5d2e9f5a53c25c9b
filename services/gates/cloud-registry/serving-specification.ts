import type { InferenceSpecification } from '@aws-sdk/client-sagemaker';
import { UserFacingError } from '../../../core/exit-codes';

/** How SageMaker would serve the promoted version: a Triton image over the model repository the gates publish. */
export interface SageMakerServing {
  /**
   * The serving image in ECR: SageMaker's Triton image for the region
   * (`<account>.dkr.ecr.<region>.amazonaws.com/sagemaker-tritonserver:<tag>`) or your own.
   */
  readonly image: string;
  /**
   * The S3 prefix of the Triton model repository the gates publish to (`s3://bucket/models/`): the folder
   * that holds `<model>/config.pbtxt` and `<model>/<version>/model.onnx`. SageMaker copies it uncompressed to
   * `/opt/ml/model`, Triton's repository there, so no `model.tar.gz` is built.
   */
  readonly repositoryUri: string;
}

const IMAGE_MAX = 255;

/**
 * The InferenceSpecification of a package: one container, the repository as uncompressed S3 data, and
 * `SAGEMAKER_TRITON_DEFAULT_MODEL_NAME` naming the model SageMaker's Triton serves on `/invocations`.
 */
export function servingSpecification(modelName: string, serving: SageMakerServing): InferenceSpecification {
  const problems: string[] = [];
  if (!/^s3:\/\/[^/]+/.test(serving.repositoryUri)) problems.push(`serving.repositoryUri: found "${serving.repositoryUri}"; SageMaker reads model data only from S3: an s3://bucket/prefix/ URI`);
  if (serving.image === '' || /\s/.test(serving.image) || serving.image.length > IMAGE_MAX) problems.push(`serving.image: found "${serving.image}"; an ECR image URI without spaces, at most ${IMAGE_MAX} characters`);
  if (problems.length > 0) throw new UserFacingError(`cannot describe how SageMaker serves ${modelName}:\n  ${problems.join('\n  ')}`);
  return {
    Containers: [
      {
        Image: serving.image,
        ModelDataSource: { S3DataSource: { S3Uri: serving.repositoryUri.endsWith('/') ? serving.repositoryUri : `${serving.repositoryUri}/`, S3DataType: 'S3Prefix', CompressionType: 'None' } },
        Environment: { SAGEMAKER_TRITON_DEFAULT_MODEL_NAME: modelName },
      },
    ],
    SupportedContentTypes: ['application/json', 'application/octet-stream'],
    SupportedResponseMIMETypes: ['application/json'],
  };
}
