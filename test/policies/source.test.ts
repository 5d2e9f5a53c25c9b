import { App, Testing, TerraformStack } from 'cdktf';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import type { Construct } from 'constructs';
import { buildSync } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { awsProvider } from '../../constructs/aws/provider';
import { AwsEncryptionKey } from '../../constructs/aws/encryption-key';
import { VpcNetwork } from '../../constructs/aws/vpc-network';
import { evaluate } from '../../policies/engine/evaluate';
import { ResourceGraph } from '../../policies/engine/graph';
import { loadInput } from '../../policies/engine/inputs';
import { sarifReport } from '../../policies/engine/reporters/sarif';
import { recordResourceSources } from '../../policies/engine/source';
import { ALL_RULES } from '../../policies/rules';
import { Emitter } from './fixtures/source/emitter';

recordResourceSources();

const THIS_FILE = relative(process.cwd(), __filename);

/** The 1-based line of this file that contains `marker`. */
function lineOf(file: string, marker: string): number {
  const index = readFileSync(file, 'utf8').split('\n').findIndex((line) => line.includes(marker));
  if (index === -1) throw new Error(`${marker} is not in ${file}`);
  return index + 1;
}

/** A resource built by a helper function, as constructs/aws/log-group.ts builds log groups. */
function unencryptedBucket(scope: Construct, id: string): S3Bucket {
  return new S3Bucket(scope, id, {}); // helper's new
}


interface Synthesized {
  resource: Record<string, Record<string, { '//'?: { plinth_source?: string } }>>;
}

function synthesize(build: (stack: TerraformStack) => void): { app: App; json: Synthesized } {
  const app = Testing.app();
  const stack = new TerraformStack(app, 'foundation');
  awsProvider(stack, 'aws', { region: 'eu-west-1', tags: { owner: 'test', 'cost-center': 'cc', environment: 'test' } });
  build(stack);
  app.synth();
  return { app, json: JSON.parse(readFileSync(join(app.outdir, 'stacks', 'foundation', 'cdk.tf.json'), 'utf8')) as Synthesized };
}

/** `{ "aws_subnet.x": "constructs/aws/vpc-network.ts:80" }` for every resource. */
function sources(json: Synthesized): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(json.resource).flatMap(([type, byName]) => Object.entries(byName).map(([name, body]) => [`${type}.${name}`, body['//']?.plinth_source])));
}

describe('recordResourceSources()', () => {
  test('points every resource of the network at the line of its own `new`, not at the end of the construct', () => {
    const { json } = synthesize((stack) => {
      const key = new AwsEncryptionKey(stack, 'Key', { alias: 'k', region: 'eu-west-1' });
      new VpcNetwork(stack, 'Network', { name: 'acme-dev', region: 'eu-west-1', key });
    });
    const network = Object.entries(sources(json)).filter(([address]) => address.includes('Network'));
    expect(network.length).toBeGreaterThan(20);
    const lines = new Map<string, string>();
    for (const [address, source] of network) {
      const [file, line] = /^(.+):(\d+)$/.exec(source ?? '')!.slice(1);
      const text = readFileSync(file!, 'utf8').split('\n')[Number(line) - 1]!;
      // Each line creates a resource of the address's type: `new Subnet(` for aws_subnet.
      expect({ address, text }).toEqual({ address, text: expect.stringMatching(/new \w+\(/) });
      lines.set(address, source!);
    }
    const vpcNetwork = 'constructs/aws/vpc-network.ts';
    const subnetLines = new Set([...lines].filter(([address]) => address.startsWith('aws_subnet.')).map(([, source]) => source));
    expect(subnetLines).toEqual(new Set([`${vpcNetwork}:${lineOf(vpcNetwork, 'new Subnet(this, `PrivateSubnet')}`, `${vpcNetwork}:${lineOf(vpcNetwork, 'new Subnet(this, `PublicSubnet')}`]));
    expect([...lines].find(([address]) => address.startsWith('aws_vpc.'))![1]).toBe(`${vpcNetwork}:${lineOf(vpcNetwork, 'new Vpc(')}`);
    expect(new Set(lines.values()).size).toBeGreaterThan(10);
    // The flow-log group comes from a helper function: it points at the helper's `new`.
    const logGroup = [...lines].find(([address]) => address.startsWith('aws_cloudwatch_log_group.'))![1];
    expect(logGroup).toBe(`constructs/aws/log-group.ts:${lineOf('constructs/aws/log-group.ts', 'new CloudwatchLogGroup(')}`);
  });

  test('a finding on a resource built by a helper points at the helper, in SARIF and through the loader', async () => {
    const { app } = synthesize((stack) => unencryptedBucket(stack, 'Data'));
    const graphs = (await loadInput(app.outdir)).map((source) => new ResourceGraph(source));
    const report = evaluate(graphs, ALL_RULES);
    const finding = report.findings.find((candidate) => candidate.ruleId === 'PLN-AWS-003')!;
    const helperLine = lineOf(THIS_FILE, '// helper' + "'s new");
    expect(finding.source).toEqual({ file: THIS_FILE, line: helperLine });
    const sarif = JSON.parse(sarifReport({ ...report, findings: [finding] }, { failOn: 'high', root: process.cwd(), version: 'test' }));
    expect(sarif.runs[0].results[0].locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: THIS_FILE, uriBaseId: '%SRCROOT%' },
      region: { startLine: helperLine },
    });
  });

  test('a construct that emits what its caller built attributes its resources to the caller', () => {
    let created = 0;
    const { json } = synthesize((stack) => {
      new Emitter(stack, 'Object'); created = lineOf(THIS_FILE, "new Emitter(stack, 'Object')"); // prettier-ignore
    });
    expect(Object.entries(sources(json)).filter(([address]) => address.startsWith('aws_s3_bucket.'))).toEqual([[expect.stringContaining('Object'), `${THIS_FILE}:${created}`]]);
  });

  test('compiled JavaScript records the TypeScript lines through its linked source maps, without Node’s --enable-source-maps (how bin/synth.js runs dist/)', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'plinth-compiled-'));
    symlinkSync(join(process.cwd(), 'node_modules'), join(outdir, 'node_modules'));
    const fixture = 'test/policies/fixtures/source';
    const entryPoints = ['policies/engine/source.ts', `${fixture}/emitter.ts`, `${fixture}/compiled-app.ts`];
    buildSync({ entryPoints, outdir, outbase: process.cwd(), format: 'cjs', platform: 'node', target: 'node20', sourcemap: 'linked', logLevel: 'warning' });
    const output = execFileSync(process.execPath, [join(outdir, fixture, 'compiled-app.js')], { encoding: 'utf8' });
    const app = `${fixture}/compiled-app.ts`;
    expect(JSON.parse(output)).toEqual({
      'compiled/Direct': `${app}:${lineOf(app, '// direct')}`,
      'compiled/Emitted/Resource': `${app}:${lineOf(app, '// emitted')}`,
    });
  });
});
