import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { configWith, synth } from '../stacks/support/synth-config';
import { offlineCliConfig, requireTerraformWithMirror, tail, terraform } from '../support/terraform';

jest.setTimeout(5 * 60_000);

const mirror = requireTerraformWithMirror();
const describeWithTools = mirror ? describe : describe.skip;

/**
 * The committed configs keep `ci` off (it needs a repository and remote state), so foundation-validate.test.ts
 * never sees the CI roles: one foundation with them on, the GitHub OIDC provider created, policies attached.
 */
describeWithTools('terraform validate of a foundation with the ci capability on', () => {
  it('the real AWS provider schema accepts the GitHub OIDC provider, the plan and deploy roles and their policies', async () => {
    const stacks = synth(
      configWith((config) => {
        config.capabilities = { ci: true };
        config.ci = { github: { repository: 'acme/ml-platform' } };
        config.environments = { dev: { backend: { type: 's3', bucket: 'acme-terraform-state', dynamodbTable: 'terraform-locks' } } };
      }),
    );
    const foundation = stacks['acme-ml-dev-foundation']!;
    expect(Object.keys(foundation.resource!.aws_iam_openid_connect_provider!)).toHaveLength(2); // the cluster's and GitHub's
    const directory = mkdtempSync(path.join(tmpdir(), 'plinth-ci-validate-'));
    writeFileSync(path.join(directory, 'cdk.tf.json'), JSON.stringify(foundation));
    const cliConfig = offlineCliConfig(mirror!);
    const init = await terraform(directory, ['init', '-input=false', '-backend=false'], cliConfig);
    expect({ code: init.code, output: tail(init.output) }).toMatchObject({ code: 0 });
    const validate = await terraform(directory, ['validate'], cliConfig);
    expect({ code: validate.code, output: tail(validate.output) }).toMatchObject({ code: 0 });
  });
});
