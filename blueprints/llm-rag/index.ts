import { blueprint } from '../blueprint';
import { llmRagClusterAddons, llmRagNeedsClusterAddons } from './addons';
import { LLM_RAG_DEFAULTS } from './defaults';
import { llmRagFoundation } from './foundation';
import { llmRagWorkloads } from './workloads';

/**
 * The llm-rag blueprint: realtime, plus retrieval-augmented generation. Foundation: a large-GPU pool
 * scaling from zero, the LLM servers' read-only identities on their weights, the vector database's
 * identity and encrypted volumes (Qdrant) or bootstrap (pgvector). Workloads: vLLM's generator and an
 * embedding server autoscaled on waiting requests, Qdrant or pgvector, and the LLM signals.
 */
export const llmRagBlueprint = blueprint({
  name: 'llm-rag',
  description: 'Realtime, plus a vector database, a large-GPU pool, vLLM generator and embedding servers, and LLM signals with token cost',
  defaults: LLM_RAG_DEFAULTS,
  foundation: llmRagFoundation,
  needsClusterAddons: llmRagNeedsClusterAddons,
  clusterAddons: llmRagClusterAddons,
  workloads: llmRagWorkloads,
});
