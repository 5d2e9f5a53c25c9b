/**
 * The namespace of the LLM path: the generator and embedding servers, and where an app team runs its
 * RAG code (as service account `rag`, which may read the vector database and call both servers).
 */
export const LLM_NAMESPACE = 'plinth-llm';

/** The vector database's namespace (Qdrant: its peers, volumes and snapshot job). */
export const VECTOR_DB_NAMESPACE = 'plinth-vector-db';

export const LLM_ACCOUNTS = {
  generator: 'vllm',
  embeddings: 'embeddings',
  /** The app team's RAG service: pgvector's login role is granted to it. */
  rag: 'rag',
  qdrant: 'qdrant',
  vectorsBootstrap: 'vectors-database-bootstrap',
} as const;

/** pgvector's database and its owner role, created by the bootstrap Job. */
export const PGVECTOR_DATABASE = { name: 'vectors', role: 'plinth_vectors' } as const;
