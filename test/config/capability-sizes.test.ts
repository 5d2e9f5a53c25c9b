import { stringify } from 'yaml';
import { BLUEPRINT_DEFAULTS } from '../../blueprints/defaults-by-name';
import { STARTUP_DEFAULTS } from '../../blueprints/startup/defaults';
import { parseConfig } from '../../core/config/load';
import type { BlueprintName } from '../../core/config/schema';
import { resolveEnvironment } from '../../stacks/environment';

/** The sizes one environment of a config resolves to, the way synth resolves them. */
function sizesOf(blueprint: BlueprintName, environments: Record<string, unknown>, name: string, extra: Record<string, unknown> = {}) {
  const config = parseConfig(
    stringify({
      platform: 'acme-ml',
      blueprint,
      cloud: { provider: 'aws', region: 'eu-west-1' },
      tags: { owner: 'ml-platform', 'cost-center': 'cc-1' },
      alerts: { emails: ['team@acme.example'] },
      environments,
      ...extra,
    }),
    'platform.yaml',
  );
  return resolveEnvironment(config, name, BLUEPRINT_DEFAULTS[blueprint]).sizes;
}

describe('sizes of the GPU, feature store, vector database and LLM capabilities', () => {
  it('startup resolves exactly the sizes it always had: no key for a capability it does not offer', () => {
    const sizes = sizesOf('startup', { dev: {} }, 'dev');
    expect(Object.keys(sizes).sort()).toEqual(['artifacts', 'budget', 'cluster', 'database', 'network', 'serviceReplicas', 'systemNodes']);
    expect(STARTUP_DEFAULTS.capabilities).toMatchObject({ gpuInference: false, featureStore: false, triton: false, vectorDb: false, llmServing: false, llmSignals: false });
  });

  it('realtime development: a spot GPU pool from zero, no online store replica, one Triton (zero needs a wakeQuery); no LLM sizes', () => {
    const sizes = sizesOf('realtime', { dev: {} }, 'dev');
    expect(sizes.gpuInference).toEqual({ instanceTypes: ['g6.xlarge', 'g5.xlarge', 'g4dn.xlarge'], minSize: 0, desiredSize: 0, maxSize: 2, capacity: 'spot', spotFallbackToOnDemand: true });
    expect(sizes.featureStore).toEqual({ nodeType: 'cache.t4g.medium', replicas: 0, multiAz: false });
    expect(sizes.triton).toEqual({ minReplicas: 1, maxReplicas: 2, targetQueueTimeMs: 50 });
    const asleep = sizesOf('realtime', { dev: { triton: { minReplicas: 0, wakeQuery: 'sum(rate(app_inference_requests_total[5m]))' } } }, 'dev');
    expect(asleep.triton).toEqual({ minReplicas: 0, maxReplicas: 2, targetQueueTimeMs: 50, wakeQuery: 'sum(rate(app_inference_requests_total[5m]))' });
    expect(sizes).not.toHaveProperty('vectorDb');
    expect(sizes).not.toHaveProperty('llmServing');
  });

  it('llm-rag production: on-demand large GPUs, a three-replica Qdrant, a Multi-AZ online store', () => {
    const sizes = sizesOf('llm-rag', { prod: { production: true } }, 'prod');
    expect(sizes.gpuInference).toMatchObject({ minSize: 1, capacity: 'on-demand', spotFallbackToOnDemand: false });
    expect(sizes.featureStore).toEqual({ nodeType: 'cache.r7g.large', replicas: 1, multiAz: true });
    expect(sizes.vectorDb).toEqual({ engine: 'qdrant', replicas: 3, volumeGb: 100 });
    expect(sizes.llmServing).toEqual({
      pool: { instanceTypes: ['g6e.2xlarge', 'g6e.4xlarge'], minSize: 1, desiredSize: 1, maxSize: 4, capacity: 'on-demand', spotFallbackToOnDemand: false },
      modelName: 'llama-3.1-8b-instruct',
      modelArtifactPrefix: 'models/llm/llama-3.1-8b-instruct/',
      maxReplicas: 4,
      pricePerThousandTokensUsd: 0.0005,
      embeddingModelName: 'bge-base-en-v1.5',
      embeddingModelArtifactPrefix: 'models/embeddings/bge-base-en-v1.5/',
      embeddingPricePerThousandTokensUsd: 0.00002,
    });
    const own = sizesOf('llm-rag', { prod: { production: true, llmServing: { embeddingModel: { name: 'e5-large', artifactPrefix: 'models/e5-large/' }, embeddingPricePerThousandTokensUsd: 0.0001 } } }, 'prod');
    expect(own.llmServing).toMatchObject({ embeddingModelName: 'e5-large', embeddingModelArtifactPrefix: 'models/e5-large/', embeddingPricePerThousandTokensUsd: 0.0001 });
  });

  it('GCP environments get GCP machine and node types', () => {
    const sizes = sizesOf('llm-rag', { dev: {} }, 'dev', { cloud: { provider: 'gcp', project: 'acme-ml-prod', region: 'europe-west4', billingAccount: '01A2B3-C4D5E6-F7A8B9' } });
    expect(sizes.gpuInference?.instanceTypes).toEqual(['g2-standard-4']);
    expect(sizes.featureStore?.nodeType).toBe('redis-shared-core-nano');
    expect(sizes.llmServing?.pool.instanceTypes).toEqual(['a2-highgpu-1g']);
  });

  it('every field overrides its default, and one bound alone keeps the pool consistent', () => {
    const sizes = sizesOf(
      'llm-rag',
      {
        dev: {
          budget: { monthlyUsd: 10000 },
          gpuInference: { instanceTypes: ['g6e.xlarge'], minSize: 3, capacity: 'on-demand' },
          triton: { minReplicas: 4 },
          llmServing: { pool: { maxSize: 2, capacity: 'spot', spotFallbackToOnDemand: true }, model: { name: 'mistral-7b', artifactPrefix: 'models/mistral-7b/' }, maxReplicas: 2, pricePerThousandTokensUsd: 0.002 },
          featureStore: { nodeType: 'cache.r7g.xlarge', replicas: 2 },
        },
      },
      'dev',
    );
    // minSize 3 above the default max of 2: the pool takes max as its bound, as system nodes do.
    expect(sizes.gpuInference).toEqual({ instanceTypes: ['g6e.xlarge'], minSize: 2, desiredSize: 2, maxSize: 2, capacity: 'on-demand', spotFallbackToOnDemand: false });
    expect(sizes.triton).toEqual({ minReplicas: 2, maxReplicas: 2, targetQueueTimeMs: 50 });
    expect(sizes.llmServing).toMatchObject({ pool: { maxSize: 2, capacity: 'spot', spotFallbackToOnDemand: true }, modelName: 'mistral-7b', modelArtifactPrefix: 'models/mistral-7b/', maxReplicas: 2, pricePerThousandTokensUsd: 0.002 });
    expect(sizes.featureStore).toEqual({ nodeType: 'cache.r7g.xlarge', replicas: 2, multiAz: false });
  });

  it('ha in development raises the sizes left to the defaults to what high availability needs', () => {
    const sizes = sizesOf('llm-rag', { dev: { ha: true } }, 'dev');
    expect(sizes.vectorDb).toEqual({ engine: 'qdrant', replicas: 3, volumeGb: 20 });
    expect(sizes.featureStore).toMatchObject({ replicas: 1, multiAz: true });
  });

  it('pgvector has no replicas or volume of its own', () => {
    expect(sizesOf('llm-rag', { dev: { vectorDb: { engine: 'pgvector' } } }, 'dev').vectorDb).toEqual({ engine: 'pgvector' });
  });

  it('a capability switched off leaves no sizes, in that environment only', () => {
    const environments = { dev: { capabilities: { llmSignals: false, llmServing: false, triton: false, gpuInference: false } }, prod: { production: true } };
    const dev = sizesOf('llm-rag', environments, 'dev');
    expect(dev).not.toHaveProperty('gpuInference');
    expect(dev).not.toHaveProperty('llmServing');
    expect(dev).not.toHaveProperty('triton');
    expect(dev.vectorDb).toBeDefined();
    expect(sizesOf('llm-rag', environments, 'prod').llmServing).toBeDefined();
  });

  it.each(Object.entries(BLUEPRINT_DEFAULTS))('%s sizes every capability it switches on, on both clouds', (_name, defaults) => {
    for (const kind of ['development', 'production'] as const) {
      const sizes = defaults.sizes[kind];
      const sized = { gpuInference: sizes.gpuInference, featureStore: sizes.featureStore, triton: sizes.triton, vectorDb: sizes.vectorDb, llmServing: sizes.llmServing };
      for (const [capability, value] of Object.entries(sized)) expect([capability, value !== undefined]).toEqual([capability, defaults.capabilities[capability as keyof typeof sized]]);
      for (const cloud of ['aws', 'gcp'] as const) {
        const cloudSizes = defaults.cloudSizes[cloud][kind];
        expect(cloudSizes.gpuInferenceInstanceTypes !== undefined).toBe(defaults.capabilities.gpuInference);
        expect(cloudSizes.featureStoreNodeType !== undefined).toBe(defaults.capabilities.featureStore);
        expect(cloudSizes.llmServingInstanceTypes !== undefined).toBe(defaults.capabilities.llmServing);
      }
    }
  });
});
