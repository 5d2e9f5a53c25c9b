import type { BlueprintDefaults } from '../defaults';
import { REALTIME_DEFAULTS } from '../realtime/defaults';

const MODEL = 'llama-3.1-8b-instruct';
const EMBEDDING_MODEL = 'bge-base-en-v1.5';

/**
 * The llm-rag blueprint's defaults: realtime's, plus a vector database, LLM serving on its own
 * large-GPU pool (GPUs of 40 GB and more, on-demand: spot evictions would drop streams) and the
 * LLM signals. Development's large-GPU pool scales from zero; production keeps one node warm and a
 * three-replica Qdrant, the quorum a highly available Qdrant needs.
 */
export const LLM_RAG_DEFAULTS: BlueprintDefaults = {
  capabilities: { ...REALTIME_DEFAULTS.capabilities, vectorDb: true, llmServing: true, llmSignals: true },
  sizes: {
    development: {
      ...REALTIME_DEFAULTS.sizes.development,
      monthlyBudgetUsd: 2000,
      vectorDb: { engine: 'qdrant', replicas: 1, volumeGb: 20 },
      llmServing: {
        pool: { minSize: 0, desiredSize: 0, maxSize: 1, capacity: 'on-demand', spotFallbackToOnDemand: false },
        modelName: MODEL,
        modelArtifactPrefix: `models/llm/${MODEL}/`,
        maxReplicas: 1,
        pricePerThousandTokensUsd: 0.0005,
        embeddingModelName: EMBEDDING_MODEL,
        embeddingModelArtifactPrefix: `models/embeddings/${EMBEDDING_MODEL}/`,
        embeddingPricePerThousandTokensUsd: 0.00002,
      },
    },
    production: {
      ...REALTIME_DEFAULTS.sizes.production,
      monthlyBudgetUsd: 30000,
      vectorDb: { engine: 'qdrant', replicas: 3, volumeGb: 100 },
      llmServing: {
        pool: { minSize: 1, desiredSize: 1, maxSize: 4, capacity: 'on-demand', spotFallbackToOnDemand: false },
        modelName: MODEL,
        modelArtifactPrefix: `models/llm/${MODEL}/`,
        maxReplicas: 4,
        pricePerThousandTokensUsd: 0.0005,
        embeddingModelName: EMBEDDING_MODEL,
        embeddingModelArtifactPrefix: `models/embeddings/${EMBEDDING_MODEL}/`,
        embeddingPricePerThousandTokensUsd: 0.00002,
      },
    },
  },
  cloudSizes: {
    aws: {
      development: { ...REALTIME_DEFAULTS.cloudSizes.aws.development, llmServingInstanceTypes: ['g6e.xlarge'] },
      production: { ...REALTIME_DEFAULTS.cloudSizes.aws.production, llmServingInstanceTypes: ['g6e.2xlarge', 'g6e.4xlarge'] },
    },
    gcp: {
      development: { ...REALTIME_DEFAULTS.cloudSizes.gcp.development, llmServingInstanceTypes: ['a2-highgpu-1g'] },
      production: { ...REALTIME_DEFAULTS.cloudSizes.gcp.production, llmServingInstanceTypes: ['a2-highgpu-1g', 'a3-highgpu-1g'] },
    },
  },
};
