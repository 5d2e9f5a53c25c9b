import type { Construct } from 'constructs';
import { VllmDeployment } from './vllm-deployment';
import type { VllmDeploymentProps } from './vllm-props';

export interface VllmServerProps extends VllmDeploymentProps {
  /** Names the Deployment, its Service and the rest. @default "vllm" */
  readonly name?: string;
  /** Longest prompt plus answer, in tokens; smaller leaves more GPU memory to the KV cache. @default - the model's own */
  readonly maxModelLength?: number;
  /** Share of each GPU's memory vLLM may use (weights, activations, KV cache). @default 0.9 */
  readonly gpuMemoryUtilization?: number;
}

/**
 * The generator model behind vLLM's OpenAI-compatible API (`/v1/chat/completions`, `/v1/completions`)
 * on the large-GPU pool, with automatic prefix caching: requests sharing a prefix (the RAG system
 * prompt, the retrieved context of a follow-up question) reuse its KV cache instead of recomputing it.
 */
export class VllmServer extends VllmDeployment {
  constructor(scope: Construct, id: string, props: VllmServerProps) {
    const utilisation = props.gpuMemoryUtilization ?? 0.9;
    const problems = [
      ...(utilisation > 0 && utilisation <= 1 ? [] : [`gpuMemoryUtilization must be above 0 and at most 1, got ${utilisation}`]),
      ...(props.maxModelLength === undefined || (Number.isInteger(props.maxModelLength) && props.maxModelLength > 0) ? [] : [`maxModelLength must be a whole number of tokens above 0, got ${props.maxModelLength}`]),
    ];
    super(scope, id, props, {
      defaultName: 'vllm',
      problems,
      args: ['--enable-prefix-caching', `--gpu-memory-utilization=${utilisation}`, ...(props.maxModelLength ? [`--max-model-len=${props.maxModelLength}`] : [])],
    });
  }
}
