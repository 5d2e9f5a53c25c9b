import type { Construct } from 'constructs';
import { DatabaseBootstrapJob } from '../../constructs/k8s/database-bootstrap-job';
import { EmbeddingServer } from '../../constructs/k8s/llm/embedding-server';
import { llmDashboardConfigMap } from '../../constructs/k8s/llm/llm-dashboard';
import { llmSignalRules } from '../../constructs/k8s/llm/llm-signal-rules';
import { VllmServer } from '../../constructs/k8s/llm/vllm-server';
import { MONITORING_NAMESPACE, PROMETHEUS_URL } from '../../constructs/k8s/monitoring/monitoring';
import { PlatformNamespace } from '../../constructs/k8s/platform-namespace';
import { QdrantCluster } from '../../constructs/k8s/vector-db/qdrant-cluster';
import type { BlueprintEnvironment } from '../blueprint';
import { realtimeWorkloads } from '../realtime/workloads';
import { STARTUP_SERVICES } from '../startup/services';
import { collectMonitoringAdditions, environmentLabels } from '../startup/workloads';
import type { LlmRagHandles } from './foundation';
import { LLM_NAMESPACE, PGVECTOR_DATABASE, VECTOR_DB_NAMESPACE } from './serving';

/**
 * The llm-rag workloads: realtime's, plus in `plinth-llm` vLLM's OpenAI-compatible generator and an
 * embedding server on the large-GPU pool (weights from the bucket, autoscaled by KEDA on waiting
 * requests), the LLM signals (rules with token cost, dashboard), and the vector database: Qdrant in
 * its own namespace on encrypted volumes with snapshots to the bucket (or, where the bucket has no S3 API for
 * workload identities, to a second encrypted volume per peer), or pgvector's `vectors`
 * database created by a bootstrap Job. The app team's RAG code runs in `plinth-llm` as `rag`.
 */
export function llmRagWorkloads(scope: Construct, environment: BlueprintEnvironment, handles: LlmRagHandles): void {
  const { resolved } = environment;
  const labels = environmentLabels(environment);
  const monitoringOn = resolved.capabilities.monitoring;
  const prometheus = { namespace: MONITORING_NAMESPACE, url: PROMETHEUS_URL };
  const additions = collectMonitoringAdditions();
  const namespace = handles.llm || handles.rag ? new PlatformNamespace(scope, 'LlmNamespace', { name: LLM_NAMESPACE, labels, identityEndpoints: handles.cluster.identityEndpoints }) : undefined;
  // What the storage SDKs need on this cloud (AWS: the region; GCP: the project, credentials from Workload Identity).
  const env = handles.cluster.podEnvironment;

  if (handles.llm && namespace && resolved.sizes.llmServing) {
    const sizes = resolved.sizes.llmServing;
    const generator = new VllmServer(scope, 'Generator', {
      namespace,
      identity: handles.llm.generator,
      modelName: sizes.modelName,
      modelUri: `${handles.artifacts.uri}/${sizes.modelArtifactPrefix}`,
      env,
      gpuPool: handles.llm.pool,
      maxReplicas: sizes.maxReplicas,
      prometheus,
    });
    // Embeddings are small: on the inference pool when there is one, so they never wait for a large GPU.
    const embeddings = new EmbeddingServer(scope, 'Embeddings', {
      namespace,
      identity: handles.llm.embeddings,
      modelName: sizes.embeddingModelName,
      modelUri: `${handles.artifacts.uri}/${sizes.embeddingModelArtifactPrefix}`,
      env,
      gpuPool: handles.gpu?.pool ?? handles.llm.pool,
      maxReplicas: sizes.maxReplicas,
      prometheus,
    });
    additions.serviceMonitors.push(generator.serviceMonitor, embeddings.serviceMonitor);
    additions.queriedFrom.push('kube-system');
    if (resolved.capabilities.llmSignals) {
      additions.prometheusRules.push(
        llmSignalRules({
          environment: resolved.name,
          models: [
            { modelName: sizes.modelName, pricePerThousandTokensUsd: sizes.pricePerThousandTokensUsd },
            { modelName: sizes.embeddingModelName, pricePerThousandTokensUsd: sizes.embeddingPricePerThousandTokensUsd },
          ],
        }),
      );
      additions.dashboards.push(llmDashboardConfigMap);
    }
  }

  if (handles.vectorDb?.engine === 'qdrant' && resolved.sizes.vectorDb?.engine === 'qdrant') {
    const vectorNamespace = new PlatformNamespace(scope, 'VectorDbNamespace', { name: VECTOR_DB_NAMESPACE, labels, identityEndpoints: handles.cluster.identityEndpoints });
    const qdrant = new QdrantCluster(scope, 'Qdrant', {
      namespace: vectorNamespace,
      replicas: resolved.sizes.vectorDb.replicas,
      volumeGb: resolved.sizes.vectorDb.volumeGb,
      volumeClass: handles.vectorDb.volumeClass,
      identity: handles.vectorDb.identity,
      artifacts: handles.artifacts,
      clientNamespaces: [LLM_NAMESPACE],
      monitoring: monitoringOn ? { namespace: MONITORING_NAMESPACE } : undefined,
    });
    if (qdrant.serviceMonitor) additions.serviceMonitors.push(qdrant.serviceMonitor);
  } else if (handles.vectorDb?.engine === 'pgvector' && namespace) {
    const database = handles.database!;
    // Any enabled service with a database of its own carries the `database bootstrap` command.
    const imageOf = STARTUP_SERVICES.find((service) => service.database && handles.registry?.repositoryUrls[service.name])!;
    new DatabaseBootstrapJob(scope, 'VectorsDatabase', {
      namespace,
      service: PGVECTOR_DATABASE.name,
      bundle: imageOf.name,
      image: `${handles.registry!.repositoryUrls[imageOf.name]}:${resolved.serviceVersion}`,
      identity: handles.vectorDb.bootstrap,
      env,
      database: {
        server: database,
        port: database.port,
        cidr: handles.networkCidr,
        name: PGVECTOR_DATABASE.name,
        role: PGVECTOR_DATABASE.role,
        extensions: ['vector'],
      },
    });
  }

  realtimeWorkloads(scope, environment, handles, additions);
}
