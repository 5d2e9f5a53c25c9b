/** MLflow's REST messages as this client returns them (snake_case, as on the wire; doubles decoded). */

export interface KeyValue {
  readonly key: string;
  readonly value: string;
}

export interface Experiment {
  readonly experiment_id: string;
  readonly name: string;
  readonly artifact_location: string;
  readonly lifecycle_stage: 'active' | 'deleted';
  readonly creation_time: number;
  readonly last_update_time: number;
  readonly tags?: KeyValue[];
}

export type RunStatus = 'RUNNING' | 'SCHEDULED' | 'FINISHED' | 'FAILED' | 'KILLED';
export type ViewType = 'ACTIVE_ONLY' | 'DELETED_ONLY' | 'ALL';

export interface RunInfo {
  readonly run_id: string;
  readonly run_uuid: string;
  readonly run_name: string;
  readonly experiment_id: string;
  readonly user_id: string;
  readonly status: RunStatus;
  readonly start_time: number;
  readonly end_time?: number;
  readonly artifact_uri: string;
  readonly lifecycle_stage: 'active' | 'deleted';
}

/** A metric value; NaN and the infinities arrive as protobuf's strings and are decoded. */
export interface Metric {
  readonly key: string;
  readonly value: number;
  readonly timestamp: number;
  readonly step: number;
}

export interface Dataset {
  readonly name: string;
  readonly digest: string;
  readonly source_type: string;
  readonly source: string;
  readonly schema?: string;
  readonly profile?: string;
}

export interface DatasetInput {
  readonly dataset: Dataset;
  readonly tags?: KeyValue[];
}

export interface Run {
  readonly info: RunInfo;
  readonly data: { readonly metrics?: Metric[]; readonly params?: KeyValue[]; readonly tags?: KeyValue[] };
  readonly inputs: { readonly dataset_inputs?: DatasetInput[]; readonly model_inputs?: { readonly model_id: string }[] };
  /** MLflow 3: the logged models a run produced. */
  readonly outputs?: { readonly model_outputs?: { readonly model_id: string; readonly step: number }[] };
}

export interface ModelVersion {
  readonly name: string;
  readonly version: string;
  readonly creation_timestamp: number;
  readonly last_updated_timestamp: number;
  readonly user_id?: string;
  readonly current_stage: string;
  readonly description?: string;
  readonly source: string;
  readonly run_id?: string;
  readonly run_link?: string;
  readonly status: 'PENDING_REGISTRATION' | 'FAILED_REGISTRATION' | 'READY';
  readonly status_message?: string;
  readonly tags?: KeyValue[];
  readonly aliases?: string[];
  /** MLflow 3: the logged model the version was registered from. */
  readonly model_id?: string;
}

export type ModelStage = 'None' | 'Staging' | 'Production' | 'Archived';

export type LoggedModelStatus = 'LOGGED_MODEL_PENDING' | 'LOGGED_MODEL_READY' | 'LOGGED_MODEL_UPLOAD_FAILED';

/** MLflow 3's logged model: what `log_model` creates, with files at `info.artifact_uri`. */
export interface LoggedModel {
  readonly info: {
    readonly model_id: string;
    readonly experiment_id: string;
    readonly name: string;
    readonly creation_timestamp_ms: number;
    readonly last_updated_timestamp_ms: number;
    readonly artifact_uri: string;
    readonly status: LoggedModelStatus;
    readonly model_type?: string;
    readonly source_run_id?: string;
    readonly tags?: KeyValue[];
  };
  readonly data: { readonly params?: KeyValue[]; readonly metrics?: (Metric & { readonly run_id: string; readonly model_id: string })[] };
}

export interface RegisteredModel {
  readonly name: string;
  readonly creation_timestamp: number;
  readonly last_updated_timestamp: number;
  readonly description?: string;
  readonly latest_versions?: ModelVersion[];
  readonly tags?: KeyValue[];
  readonly aliases?: { readonly alias: string; readonly version: string }[];
}

export interface ArtifactFile {
  readonly path: string;
  readonly is_dir: boolean;
  readonly file_size?: number;
}

export interface AuditEvent {
  readonly id: number;
  readonly time: string;
  readonly actor: string;
  readonly action: string;
  readonly resource: string;
  readonly details: Record<string, unknown>;
}

/** One page of a search; pass `next_page_token` back as `page_token` for the next. */
export interface Page<T> {
  readonly items: T[];
  readonly next_page_token?: string;
}

export interface SearchRequest {
  readonly filter?: string;
  readonly order_by?: readonly string[];
  readonly max_results?: number;
  readonly page_token?: string;
}

export interface MetricToLog {
  readonly key: string;
  readonly value: number;
  /** @default - now */
  readonly timestamp?: number;
  /** @default 0 */
  readonly step?: number;
}
