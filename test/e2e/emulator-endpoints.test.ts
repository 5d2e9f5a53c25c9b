import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { readDefaultConfig, REPO_ROOT, stackJson, synthApp, writeTempConfig } from '../support/synth';

/** The provider endpoint (service) each resource type prefix calls. */
const SERVICE_OF_PREFIX: Readonly<Record<string, string>> = {
  aws_autoscaling_: 'autoscaling',
  aws_budgets_: 'budgets',
  aws_cloudwatch_log_: 'cloudwatchlogs',
  aws_db_: 'rds',
  aws_default_: 'ec2',
  aws_ecr_: 'ecr',
  aws_eip: 'ec2',
  aws_eks_: 'eks',
  aws_elasticache_: 'elasticache',
  aws_flow_log: 'ec2',
  aws_iam_: 'iam',
  aws_internet_gateway: 'ec2',
  aws_kms_: 'kms',
  aws_launch_template: 'ec2',
  aws_nat_gateway: 'ec2',
  aws_route: 'ec2',
  aws_s3_: 's3',
  aws_sagemaker_: 'sagemaker',
  aws_secretsmanager_: 'secretsmanager',
  aws_security_group: 'ec2',
  aws_subnet: 'ec2',
  aws_vpc: 'ec2',
};

/** Every committed config with an emulator environment (`cloud.endpoint`): platform.yaml and examples/. */
const configs = [
  { file: 'platform.yaml', text: readDefaultConfig() },
  ...readdirSync(path.join(REPO_ROOT, 'examples'))
    .filter((name) => name.endsWith('.yaml'))
    .map((name) => ({ file: `examples/${name}`, text: readFileSync(path.join(REPO_ROOT, 'examples', name), 'utf8') })),
].filter(({ text }) => Object.values((parse(text) as { environments: Record<string, { cloud?: { endpoint?: string } }> }).environments).some((environment) => environment.cloud?.endpoint));

describe.each(configs)('$file: an emulator environment sends every AWS call to the emulator', ({ text }) => {
  const config = parse(text) as { platform: string; environments: Record<string, { cloud?: { endpoint?: string } }> };
  const emulated = Object.entries(config.environments).filter(([, environment]) => environment.cloud?.endpoint);

  it.each(emulated.map(([name]) => name))('%s: every resource type calls a service whose endpoint is the emulator, none reaches real AWS', (name) => {
    const synth = synthApp(writeTempConfig(text));
    expect(synth.status).toBe(0);
    const stack = stackJson(synth.outdir, `${config.platform}-${name}-foundation`);
    const endpoints = (stack.provider!.aws![0]!.endpoints as Record<string, string>[])[0]!;
    const services = Object.keys(stack.resource!).map((type) => {
      const prefix = Object.keys(SERVICE_OF_PREFIX).find((candidate) => type.startsWith(candidate));
      return { type, service: prefix ? SERVICE_OF_PREFIX[prefix] : 'unknown: add its prefix to SERVICE_OF_PREFIX' };
    });
    const leaking = services.filter(({ service }) => endpoints[service!] !== config.environments[name]!.cloud!.endpoint);
    expect(leaking).toEqual([]);
  });
});
