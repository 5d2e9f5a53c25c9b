import type { CloudKit, EncryptionKey, NodePool, WorkloadIdentity } from '../../constructs/kit';
import { QDRANT_SNAPSHOT_PREFIX } from '../../constructs/k8s/vector-db/qdrant-cluster';
import type { BlueprintEnvironment } from '../blueprint';
import { realtimeFoundation, type RealtimeHandles } from '../realtime/foundation';
import { REALTIME_ACCOUNTS } from '../realtime/serving';
import { LLM_ACCOUNTS, LLM_NAMESPACE, PGVECTOR_DATABASE, VECTOR_DB_NAMESPACE } from './serving';

/** What the llm-rag foundation hands over, beyond realtime's. */
export interface LlmRagHandles extends RealtimeHandles {
  /** The identity that scales every pool from zero (realtime's when it has a GPU pool). */
  readonly autoscaler?: WorkloadIdentity;
  /** The environment's key: Qdrant's volumes are encrypted with it. */
  readonly key: EncryptionKey;
  /** Present with LLM serving: the large-GPU pool and each server's identity, read-only on its weights. */
  readonly llm?: { readonly pool: NodePool; readonly generator: WorkloadIdentity; readonly embeddings: WorkloadIdentity };
  /** The app team's RAG identity (`plinth-llm/rag`). */
  readonly rag?: WorkloadIdentity;
  /** Qdrant's identity (snapshots to the bucket), or pgvector's bootstrap identity. */
  readonly vectorDb?: { readonly engine: 'qdrant'; readonly identity: WorkloadIdentity } | { readonly engine: 'pgvector'; readonly bootstrap: WorkloadIdentity };
}

/**
 * The llm-rag foundation: realtime's, plus a large-GPU pool for LLM serving (scaling from zero
 * through the cluster autoscaler), the generator's and embedding server's identities, each reading
 * only its weights' prefix, and the vector database's: Qdrant's (snapshots under its prefix, volumes
 * through the cloud's encrypted block storage) or pgvector's bootstrap (the metadata database's admin
 * secret) with the RAG identity granted its login role.
 */
export function llmRagFoundation(kit: CloudKit, environment: BlueprintEnvironment): LlmRagHandles {
  const realtime = realtimeFoundation(kit, environment);
  const { sizes } = environment.resolved;
  const { cluster, artifacts } = realtime;
  let autoscaler = realtime.gpu?.autoscaler;

  let llm: LlmRagHandles['llm'];
  if (sizes.llmServing) {
    const { pool, modelArtifactPrefix, embeddingModelArtifactPrefix } = sizes.llmServing;
    const llmPool = cluster.addNodePool('gpu-llm', { ...pool, accelerator: { kind: 'nvidia' } });
    realtime.registry?.grantPull(llmPool);
    if (!autoscaler) {
      autoscaler = cluster.addWorkloadIdentity(REALTIME_ACCOUNTS.clusterAutoscaler.namespace, REALTIME_ACCOUNTS.clusterAutoscaler.name);
      cluster.grantNodeAutoscaling(autoscaler);
    }
    const generator = cluster.addWorkloadIdentity(LLM_NAMESPACE, LLM_ACCOUNTS.generator);
    artifacts.grantRead(generator, modelArtifactPrefix);
    const embeddings = cluster.addWorkloadIdentity(LLM_NAMESPACE, LLM_ACCOUNTS.embeddings);
    artifacts.grantRead(embeddings, embeddingModelArtifactPrefix);
    llm = { pool: llmPool, generator, embeddings };
  }

  let vectorDb: LlmRagHandles['vectorDb'];
  const rag = sizes.vectorDb ? cluster.addWorkloadIdentity(LLM_NAMESPACE, LLM_ACCOUNTS.rag) : undefined;
  if (sizes.vectorDb?.engine === 'qdrant') {
    const identity = cluster.addWorkloadIdentity(VECTOR_DB_NAMESPACE, LLM_ACCOUNTS.qdrant);
    artifacts.grantReadWrite(identity, QDRANT_SNAPSHOT_PREFIX);
    cluster.enableEncryptedVolumes();
    vectorDb = { engine: 'qdrant', identity };
  } else if (sizes.vectorDb?.engine === 'pgvector') {
    const { database } = realtime;
    if (!database || !realtime.registry) {
      throw new Error('vectorDb.engine pgvector lives in the metadata database, which exists only with tracking, drift or gates on (their image runs its bootstrap Job): switch one on, or use qdrant');
    }
    const bootstrap = cluster.addWorkloadIdentity(LLM_NAMESPACE, LLM_ACCOUNTS.vectorsBootstrap);
    database.grantAdminCredentials(bootstrap);
    database.grantConnect(rag!, PGVECTOR_DATABASE.role);
    vectorDb = { engine: 'pgvector', bootstrap };
  }

  const llmOutputs = sizes.llmServing && {
    llm_weights_uri: { value: `${artifacts.uri}/${sizes.llmServing.modelArtifactPrefix}`, description: `Upload the weights of ${sizes.llmServing.modelName} here (safetensors and tokenizer files)` },
    embedding_weights_uri: { value: `${artifacts.uri}/${sizes.llmServing.embeddingModelArtifactPrefix}`, description: `Upload the weights of ${sizes.llmServing.embeddingModelName} here` },
  };
  return { ...realtime, autoscaler, key: kit.key, llm, rag, vectorDb, outputs: { ...realtime.outputs, ...llmOutputs } };
}
