import { UserFacingError } from '../../core/exit-codes';
import type { CloudKit, EncryptedVolumeClass, EncryptionKey, NodePool, WorkloadIdentity } from '../../constructs/kit';
import { QDRANT_SNAPSHOT_PREFIX } from '../../constructs/k8s/vector-db/qdrant-cluster';
import type { BlueprintEnvironment } from '../blueprint';
import { realtimeFoundation, type RealtimeHandles } from '../realtime/foundation';
import { REALTIME_ACCOUNTS } from '../realtime/serving';
import { LLM_ACCOUNTS, LLM_NAMESPACE, PGVECTOR_DATABASE, VECTOR_DB_NAMESPACE } from './serving';

/** What the llm-rag foundation hands over, beyond realtime's. */
export interface LlmRagHandles extends RealtimeHandles {
  /**
   * The identity that scales every pool from zero (realtime's when it has a GPU pool); absent when the cluster
   * autoscales its pools itself (`managedAddons` has `node-autoscaler`: GKE).
   */
  readonly autoscaler?: WorkloadIdentity;
  /** The environment's key: Qdrant's volumes are encrypted with it. */
  readonly key: EncryptionKey;
  /** Present with LLM serving: the large-GPU pool and each server's identity, read-only on its weights. */
  readonly llm?: { readonly pool: NodePool; readonly generator: WorkloadIdentity; readonly embeddings: WorkloadIdentity };
  /** The app team's RAG identity (`plinth-llm/rag`). */
  readonly rag?: WorkloadIdentity;
  /**
   * Qdrant's identity, present when snapshots go to the bucket (its store has an S3 API: AWS), and its volumes'
   * encrypted class; or pgvector's bootstrap identity.
   */
  readonly vectorDb?:
    | { readonly engine: 'qdrant'; readonly identity?: WorkloadIdentity; readonly volumeClass: EncryptedVolumeClass }
    | { readonly engine: 'pgvector'; readonly bootstrap: WorkloadIdentity };
}

/**
 * The llm-rag foundation: realtime's, plus a large-GPU pool for LLM serving (scaling from zero
 * through the cluster autoscaler, or the cluster's own autoscaling), the generator's and embedding server's identities, each reading
 * only its weights' prefix, and the vector database's: Qdrant's (volumes through the cloud's encrypted block
 * storage; snapshots under its prefix where the bucket has an S3 API, else on those volumes) or pgvector's bootstrap (the metadata database's admin
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
    if (!autoscaler && !cluster.managedAddons.includes('node-autoscaler')) {
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
    // Snapshots go to the bucket only through an S3 API taking the pod's own credentials (AWS); on GCS that API
    // needs HMAC keys, long-lived secrets Plinth does not create, so Qdrant keeps them on its encrypted volumes
    // and, calling no cloud API, gets no cloud identity.
    let identity: WorkloadIdentity | undefined;
    if (artifacts.s3Api) {
      identity = cluster.addWorkloadIdentity(VECTOR_DB_NAMESPACE, LLM_ACCOUNTS.qdrant);
      artifacts.grantReadWrite(identity, QDRANT_SNAPSHOT_PREFIX);
    }
    cluster.enableEncryptedVolumes();
    vectorDb = { engine: 'qdrant', identity, volumeClass: cluster.encryptedVolumeClass() };
  } else if (sizes.vectorDb?.engine === 'pgvector') {
    const { database } = realtime;
    if (!database || !realtime.registry) {
      // The config is valid field by field: a refusal in words and exit 2, not a stack trace.
      throw new UserFacingError(
        `environments.${environment.resolved.name}.vectorDb.engine: pgvector lives in the metadata database, which exists only with tracking, drift or gates on (their image runs its bootstrap Job): switch one on, or use qdrant; nothing was synthesized.`,
      );
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
