import { configWith, synth } from './support/synth-config';
import { objects, releases, resources, roleStatements } from './support/stack-queries';
import { describeConsoleWorkload } from './support/console-workload';

const EXAMPLE = 'examples/llm-rag.yaml';

describe('the llm-rag blueprint on AWS (examples/llm-rag.yaml)', () => {
  const stacks = synth(configWith(() => undefined, EXAMPLE));
  const dev = { foundation: stacks['acme-llm-dev-foundation']!, addons: stacks['acme-llm-dev-addons']!, workloads: stacks['acme-llm-dev-workloads']! };

  describeConsoleWorkload(() => dev);

  it('adds a large-GPU pool beside the inference pool: on-demand, from zero in dev, NVIDIA image and taint', () => {
    const pools = Object.values(resources(dev.foundation, 'aws_eks_node_group'));
    const llm = pools.find((pool) => pool.node_group_name === 'gpu-llm');
    expect(llm).toMatchObject({ ami_type: 'AL2023_x86_64_NVIDIA', capacity_type: 'ON_DEMAND', instance_types: ['g6e.xlarge'], scaling_config: { min_size: 0 } });
    // realtime's dev inference pool is spot with its on-demand fallback; the large-GPU pool is on-demand alone.
    expect(pools.map((pool) => pool.node_group_name).sort()).toEqual(['gpu-inference', 'gpu-inference-on-demand', 'gpu-llm', 'system']);
  });

  it('lets each LLM server read only its own weights, and installs the EBS CSI driver for Qdrant’s encrypted volumes', () => {
    const generator = JSON.stringify(roleStatements(dev.foundation, 'acme-llm-dev-plinth-llm-vllm'));
    expect(generator).toContain('models/llm/llama-3.1-8b-instruct/*');
    expect(generator).not.toContain('models/embeddings/');
    expect(generator).not.toMatch(/s3:(Put|Delete)/);
    const embeddings = JSON.stringify(roleStatements(dev.foundation, 'acme-llm-dev-plinth-llm-embeddings'));
    expect(embeddings).toContain('models/embeddings/bge-base-en-v1.5/*');
    expect(Object.values(resources(dev.foundation, 'aws_eks_addon')).map((addon) => addon.addon_name)).toEqual(['aws-ebs-csi-driver']);
    expect(JSON.stringify(roleStatements(dev.foundation, 'acme-llm-dev-plinth-vector-db-qdrant'))).toContain('vector-db/snapshots/*');
    expect(Object.keys(dev.foundation.output ?? {})).toEqual(expect.arrayContaining(['llm_weights_uri', 'embedding_weights_uri']));
  });

  it('serves the generator on the large-GPU pool and embeddings on the inference pool, from the bucket, offline, autoscaled by KEDA', () => {
    const manifests = objects(dev.workloads);
    const generator = manifests['Deployment/plinth-llm/vllm'].spec.template.spec;
    expect(generator.nodeSelector).toEqual({ 'plinth.dev/pool': 'gpu-llm' });
    expect(JSON.stringify(generator.containers[0].args)).toMatch(/s3:\/\/.*models\/llm\/llama-3\.1-8b-instruct\//);
    expect(generator.containers[0].env).toEqual(expect.arrayContaining([{ name: 'HF_HUB_OFFLINE', value: '1' }]));
    expect(manifests['Deployment/plinth-llm/embeddings'].spec.template.spec.nodeSelector).toEqual({ 'plinth.dev/pool': 'gpu-inference' });
    expect(manifests['ScaledObject/plinth-llm/vllm'].spec.triggers[0].metadata.query).toContain('vllm:num_requests_waiting');
    expect(Object.keys(releases(dev.addons)).sort()).toEqual(['argo-rollouts', 'cluster-autoscaler', 'keda']);
  });

  it('runs Qdrant on encrypted volumes, open to plinth-llm only, and the LLM signals price both models', () => {
    const manifests = objects(dev.workloads);
    const storageClass = Object.values(manifests).find((object: any) => object.kind === 'StorageClass');
    expect(storageClass.parameters).toMatchObject({ encrypted: 'true' });
    expect(releases(dev.workloads).qdrant).toBeDefined();
    const stackValues = releases(dev.workloads)['kube-prometheus-stack'].values.join('\n');
    expect(stackValues).toContain('plinth-llm');
    expect(stackValues).toMatch(/expr: vector\(0\.0005\)\s+labels:\s+model_name: llama-3\.1-8b-instruct\s+environment: dev/);
    expect(stackValues).toMatch(/expr: vector\(0\.00002\)\s+labels:\s+model_name: bge-base-en-v1\.5\s+environment: dev/);
    expect(manifests['ConfigMap/plinth-monitoring/plinth-llm-dashboard']).toBeDefined();
  });

  it('production runs a three-peer Qdrant and keeps a large GPU warm', () => {
    const prod = stacks['acme-llm-prod-foundation']!;
    const llm = Object.values(resources(prod, 'aws_eks_node_group')).find((pool) => pool.node_group_name === 'gpu-llm');
    expect(llm).toMatchObject({ scaling_config: { min_size: 1 } });
    expect(releases(stacks['acme-llm-prod-workloads']!).qdrant.values.join('\n')).toMatch(/replicaCount: 3/);
  });
});

describe('choices of the llm-rag blueprint', () => {
  it('pgvector instead of Qdrant: no Qdrant, no EBS driver; a bootstrap Job creates the vectors database with the extension, and rag may log in to it', () => {
    const stacks = synth(configWith((c) => (c.environments.dev.vectorDb = { engine: 'pgvector' }), EXAMPLE));
    const foundation = stacks['acme-llm-dev-foundation']!;
    const workloads = stacks['acme-llm-dev-workloads']!;
    expect(releases(workloads).qdrant).toBeUndefined();
    expect(resources(foundation, 'aws_eks_addon')).toEqual({});
    const job = objects(workloads)['Job/plinth-llm/vectors-database-bootstrap'];
    expect(JSON.stringify(job.spec.template.spec.containers[0].args)).toContain('vector');
    expect(JSON.stringify(roleStatements(foundation, 'acme-llm-dev-plinth-llm-rag'))).toContain('plinth_vectors');
  });

  it('LLM serving off: no large-GPU pool, no vLLM, no LLM signals', () => {
    const stacks = synth(configWith((c) => (c.capabilities = { llmServing: false, llmSignals: false }), EXAMPLE));
    expect(JSON.stringify(stacks['acme-llm-dev-foundation'])).not.toContain('gpu-llm');
    expect(JSON.stringify(stacks['acme-llm-dev-workloads'])).not.toContain('vllm');
  });
});
