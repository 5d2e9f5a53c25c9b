import { fail, pass, resourceRule } from '../../engine/rule';

export const vpcFlowLogs = resourceRule({
  id: 'PLN-AWS-034',
  title: 'VPCs record flow logs',
  severity: 'medium',
  checkov: 'CKV2_AWS_11',
  resourceTypes: ['aws_vpc'],
  rationale: 'Flow logs are the only record of which addresses talked to the cluster and the database; incident response starts there.',
  remediation: 'Add an aws_flow_log with vpc_id set to the VPC, sending to CloudWatch Logs or S3.',
  check: (vpc, { graph }) => (graph.referrers(vpc, { type: 'aws_flow_log' }).length > 0 ? pass : fail('aws_flow_log', 'does not exist for this VPC')),
});
