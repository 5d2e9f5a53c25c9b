import { resourceRule } from '../../engine/rule';
import { expectTrue } from '../shared/expect';

export const sagemakerModelNetworkIsolation = resourceRule({
  id: 'PLN-AWS-048',
  title: 'SageMaker models run with network isolation',
  severity: 'medium',
  checkov: 'CKV_AWS_370',
  resourceTypes: ['aws_sagemaker_model'],
  rationale: 'A model container with network access can exfiltrate inference inputs or pull code at run time.',
  remediation: 'Set enable_network_isolation = true; give the container what it needs through model artifacts.',
  check: (model) => expectTrue(model.values, 'enable_network_isolation'),
});
