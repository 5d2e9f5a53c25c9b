import { App, Testing, TerraformStack } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { suppress } from '../../policies/engine/suppress';
import { enforcePolicies, evaluateSynthesizedStack } from '../../policies/synth';
import { securityGroupSsh } from '../../policies/rules/aws/security-group-ssh';

function stackWithOpenSsh(): { app: App; stack: TerraformStack; group: SecurityGroup } {
  const app = Testing.app();
  const stack = new TerraformStack(app, 'plinth-prod-foundation');
  new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
  const group = new SecurityGroup(stack, 'Bastion', {
    description: 'bastion',
    ingress: [{ description: 'ssh', fromPort: 22, toPort: 22, protocol: 'tcp', cidrBlocks: ['0.0.0.0/0'] }],
  });
  return { app, stack, group };
}

describe('synth-time enforcement', () => {
  test('evaluateSynthesizedStack checks a stack\'s configuration in memory', () => {
    const { stack } = stackWithOpenSsh();
    const report = evaluateSynthesizedStack(stack.toTerraform(), { rules: [securityGroupSsh], stack: 'plinth-prod-foundation' });
    expect(report.findings.map((finding) => [finding.ruleId, finding.constructPath])).toEqual([['PLN-AWS-027', 'plinth-prod-foundation/Bastion']]);
  });

  test('fails cdktf synth with the findings at or above the threshold', () => {
    const { app, stack } = stackWithOpenSsh();
    enforcePolicies(stack, { environment: { production: true }, rules: [securityGroupSsh] });
    expect(() => app.synth()).toThrow(/critical PLN-AWS-027 aws_security_group\.Bastion \(plinth-prod-foundation\/Bastion\): ingress\[0\] allows port 22/);
  });

  test('lets synth through when findings are below the threshold or suppressed', () => {
    const below = stackWithOpenSsh();
    enforcePolicies(below.stack, { rules: [securityGroupSsh], failOn: 'critical', now: new Date('2025-01-01') });
    suppress(below.group, securityGroupSsh.id, 'break-glass bastion, closed by a service control policy');
    expect(() => below.app.synth()).not.toThrow();
  });
});
