import type { Construct } from 'constructs';
import { VllmDeployment } from './vllm-deployment';
import type { VllmDeploymentProps } from './vllm-props';

export interface EmbeddingServerProps extends VllmDeploymentProps {
  /** Names the Deployment, its Service and the rest. @default "embeddings" */
  readonly name?: string;
  /** CPU and memory, requests equal to limits. @default - 2 CPU, 8Gi */
  readonly resources?: { readonly cpu: string; readonly memory: string };
}

/**
 * An embedding model behind vLLM's OpenAI-compatible `/v1/embeddings`, run as a pooling model: the
 * same image, weights loading, probes, metrics (`vllm:*`, so the LLM signals cover it) and
 * autoscaling as VllmServer. An embedding model is small: give it a GPU pool of small GPUs, or
 * share the generator's pool.
 */
export class EmbeddingServer extends VllmDeployment {
  constructor(scope: Construct, id: string, props: EmbeddingServerProps) {
    super(scope, id, { resources: { cpu: '2', memory: '8Gi' }, ...props }, { defaultName: 'embeddings', args: ['--runner=pooling', '--convert=embed'] });
  }
}
