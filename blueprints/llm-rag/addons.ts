import type { Construct } from 'constructs';
import type { BlueprintEnvironment } from '../blueprint';
import { clusterAddons } from '../realtime/addons';
import type { LlmRagHandles } from './foundation';

/** llm-rag has cluster add-ons when a pool scales from zero, Triton rolls out canaries or the LLM servers autoscale on KEDA. */
export function llmRagNeedsClusterAddons({ resolved }: BlueprintEnvironment): boolean {
  return resolved.capabilities.gpuInference || resolved.capabilities.triton || resolved.capabilities.llmServing;
}

/** The cluster autoscaler for every GPU pool, and Argo Rollouts with KEDA for Triton and the LLM servers. */
export function llmRagClusterAddons(scope: Construct, environment: BlueprintEnvironment, handles: LlmRagHandles): void {
  const { capabilities } = environment.resolved;
  clusterAddons(scope, environment, handles, { autoscaler: handles.autoscaler, progressiveDelivery: capabilities.triton || capabilities.llmServing });
}
