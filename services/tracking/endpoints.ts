import * as experiments from './experiments/experiment-operations';
import type { Endpoint } from './mlflow/operation';
import * as modelVersions from './registry/model-version-operations';
import * as registeredModels from './registry/registered-model-operations';
import { getMetricHistory } from './runs/metric-history';
import * as logging from './runs/logging-operations';
import * as runs from './runs/run-operations';
import { searchRuns } from './runs/run-search';

/**
 * Every MLflow REST endpoint this server answers under `/api/2.0`, and the handler behind it: the
 * API at a glance, grouped by resource family (one Fastify plugin each). Methods and paths are
 * those of mlflow/protos/service.proto and model_registry.proto.
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
  ],
  metrics: [['GET', '/mlflow/metrics/get-history', getMetricHistory]],
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
  ],
};
