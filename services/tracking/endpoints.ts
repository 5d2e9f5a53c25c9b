import * as artifacts from './artifacts/artifact-listing';
import { searchDatasets } from './experiments/dataset-summaries';
import * as experiments from './experiments/experiment-operations';
import * as loggedModels from './logged-models/logged-model-operations';
import type { Endpoint } from './mlflow/operation';
import * as stages from './registry/model-stage-operations';
import * as modelVersions from './registry/model-version-operations';
import * as registeredModels from './registry/registered-model-operations';
import { getMetricHistory } from './runs/metric-history';
import { getMetricHistoryBulkInterval } from './runs/metric-history-bulk';
import * as logging from './runs/logging-operations';
import * as modelLogging from './runs/model-logging-operations';
import * as runs from './runs/run-operations';
import { searchRuns } from './runs/run-search';
import * as assessments from './traces/assessment-operations';
import * as traces from './traces/trace-operations';
import * as tracesV2 from './traces/trace-v2-operations';

/**
 * Every MLflow REST endpoint this server answers, and the handler behind it: the API at a glance,
 * grouped by resource family (one Fastify plugin each). Methods, paths (with `{path_parameters}`)
 * and API versions are those of mlflow/protos/service.proto and model_registry.proto and of the
 * calls MLflow's clients make; a row is served under `/api/<version>` and `/ajax-api/<version>`
 * (`2.0` unless the row says otherwise).
 */
export const MLFLOW_ENDPOINTS: Readonly<Record<string, readonly Endpoint[]>> = {
  experiments: [
    ['POST', '/mlflow/experiments/create', experiments.createExperiment],
    ['GET', '/mlflow/experiments/get', experiments.getExperiment],
    ['GET', '/mlflow/experiments/get-by-name', experiments.getExperimentByName],
    [['GET', 'POST'], '/mlflow/experiments/search', experiments.searchExperiments],
    ['POST', '/mlflow/experiments/update', experiments.updateExperiment],
    ['POST', '/mlflow/experiments/delete', experiments.deleteExperiment],
    ['POST', '/mlflow/experiments/restore', experiments.restoreExperiment],
    ['POST', '/mlflow/experiments/set-experiment-tag', experiments.setExperimentTag],
    ['POST', '/mlflow/experiments/delete-experiment-tag', experiments.deleteExperimentTag],
    ['POST', '/mlflow/experiments/search-datasets', searchDatasets],
  ],
  runs: [
    ['POST', '/mlflow/runs/create', runs.createRun],
    ['GET', '/mlflow/runs/get', runs.getRun],
    ['POST', '/mlflow/runs/update', runs.updateRun],
    ['POST', '/mlflow/runs/delete', runs.deleteRun],
    ['POST', '/mlflow/runs/restore', runs.restoreRun],
    ['POST', '/mlflow/runs/search', searchRuns],
    ['POST', '/mlflow/runs/log-metric', logging.logMetric],
    ['POST', '/mlflow/runs/log-parameter', logging.logParameter],
    ['POST', '/mlflow/runs/set-tag', logging.setTag],
    ['POST', '/mlflow/runs/delete-tag', logging.deleteTag],
    ['POST', '/mlflow/runs/log-batch', logging.logBatch],
    ['POST', '/mlflow/runs/log-inputs', logging.logInputs],
    ['POST', '/mlflow/runs/outputs', modelLogging.logOutputs],
    ['POST', '/mlflow/runs/log-model', modelLogging.logModel],
    ['GET', '/mlflow/artifacts/list', artifacts.listArtifacts],
  ],
  metrics: [
    ['GET', '/mlflow/metrics/get-history', getMetricHistory],
    ['GET', '/mlflow/metrics/get-history-bulk-interval', getMetricHistoryBulkInterval],
  ],
  loggedModels: [
    ['POST', '/mlflow/logged-models', loggedModels.createLoggedModel, ['2.0', '3.0']],
    ['POST', '/mlflow/logged-models/search', loggedModels.searchLoggedModels, ['2.0', '3.0']],
    ['GET', '/mlflow/logged-models/{model_id}', loggedModels.getLoggedModel, ['2.0', '3.0']],
    ['PATCH', '/mlflow/logged-models/{model_id}', loggedModels.finalizeLoggedModel, ['2.0', '3.0']],
    ['DELETE', '/mlflow/logged-models/{model_id}', loggedModels.deleteLoggedModel, ['2.0', '3.0']],
    ['PATCH', '/mlflow/logged-models/{model_id}/tags', loggedModels.setLoggedModelTags, ['2.0', '3.0']],
    ['DELETE', '/mlflow/logged-models/{model_id}/tags/{tag_key}', loggedModels.deleteLoggedModelTag, ['2.0', '3.0']],
    ['POST', '/mlflow/logged-models/{model_id}/params', loggedModels.logLoggedModelParams, ['2.0', '3.0']],
    ['GET', '/mlflow/logged-models/{model_id}/artifacts/directories', artifacts.listLoggedModelArtifacts, ['2.0', '3.0']],
  ],
  traces: [
    ['POST', '/mlflow/traces', traces.startTraceV3, ['3.0']],
    ['GET', '/mlflow/traces/{trace_id}', traces.getTraceInfoV3, ['3.0']],
    ['POST', '/mlflow/traces/search', traces.searchTracesV3, ['3.0']],
    ['PATCH', '/mlflow/traces/{trace_id}/tags', traces.setTraceTag, ['2.0', '3.0']],
    ['DELETE', '/mlflow/traces/{trace_id}/tags', traces.deleteTraceTag, ['2.0', '3.0']],
    ['POST', '/mlflow/traces/delete-traces', traces.deleteTraces, ['2.0', '3.0']],
    ['POST', '/mlflow/traces/link-prompts', traces.linkPromptsToTrace],
    ['POST', '/mlflow/traces/{trace_id}/assessments', assessments.createAssessment, ['3.0']],
    ['GET', '/mlflow/traces/{trace_id}/assessments/{assessment_id}', assessments.getAssessment, ['3.0']],
    ['PATCH', '/mlflow/traces/{trace_id}/assessments/{assessment_id}', assessments.updateAssessment, ['3.0']],
    ['DELETE', '/mlflow/traces/{trace_id}/assessments/{assessment_id}', assessments.deleteAssessment, ['3.0']],
    ['GET', '/mlflow/traces/get', traces.notServed, ['3.0']],
    ['GET', '/mlflow/traces/batchGet', traces.notServed, ['3.0']],
    // MLflow 2.14–2.21 clients.
    ['POST', '/mlflow/traces', tracesV2.startTraceV2],
    ['PATCH', '/mlflow/traces/{request_id}', tracesV2.endTraceV2],
    ['GET', '/mlflow/traces/{request_id}/info', tracesV2.getTraceInfoV2],
    ['GET', '/mlflow/traces', tracesV2.searchTracesV2],
  ],
  registeredModels: [
    ['POST', '/mlflow/registered-models/create', registeredModels.createRegisteredModel],
    ['GET', '/mlflow/registered-models/get', registeredModels.getRegisteredModel],
    ['GET', '/mlflow/registered-models/search', registeredModels.searchRegisteredModels],
    ['POST', '/mlflow/registered-models/rename', registeredModels.renameRegisteredModel],
    ['PATCH', '/mlflow/registered-models/update', registeredModels.updateRegisteredModel],
    ['DELETE', '/mlflow/registered-models/delete', registeredModels.deleteRegisteredModel],
    ['POST', '/mlflow/registered-models/set-tag', registeredModels.setRegisteredModelTag],
    ['DELETE', '/mlflow/registered-models/delete-tag', registeredModels.deleteRegisteredModelTag],
    ['POST', '/mlflow/registered-models/alias', registeredModels.setRegisteredModelAlias],
    ['DELETE', '/mlflow/registered-models/alias', registeredModels.deleteRegisteredModelAlias],
    ['GET', '/mlflow/registered-models/alias', registeredModels.getModelVersionByAlias],
    [['POST', 'GET'], '/mlflow/registered-models/get-latest-versions', stages.getLatestVersions],
  ],
  modelVersions: [
    ['POST', '/mlflow/model-versions/create', modelVersions.createModelVersion],
    ['GET', '/mlflow/model-versions/get', modelVersions.getModelVersion],
    ['GET', '/mlflow/model-versions/search', modelVersions.searchModelVersions],
    ['PATCH', '/mlflow/model-versions/update', modelVersions.updateModelVersion],
    ['DELETE', '/mlflow/model-versions/delete', modelVersions.deleteModelVersion],
    ['POST', '/mlflow/model-versions/set-tag', modelVersions.setModelVersionTag],
    ['DELETE', '/mlflow/model-versions/delete-tag', modelVersions.deleteModelVersionTag],
    ['GET', '/mlflow/model-versions/get-download-uri', modelVersions.getModelVersionDownloadUri],
    ['POST', '/mlflow/model-versions/transition-stage', stages.transitionModelVersionStage],
  ],
};
