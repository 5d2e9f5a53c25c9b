import { Testing, TerraformStack } from 'cdktf';
import { readFileSync } from 'node:fs';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { KubernetesObject } from '../../../constructs/k8s/kubernetes-object';
import { recordResourceSources } from '../../../policies/engine/source';
import { only } from '../../support/construct-synth';
import { synthK8sStack } from './k8s-synth';

recordResourceSources();

describe('KubernetesObject', () => {
  const configMap = () => new ConfigMap({ metadata: { name: 'settings', namespace: 'plinth' }, data: { level: 'info' } });

  it('emits the object as a kubernetes_manifest, unchanged', () => {
    const stack = synthK8sStack((s) => new KubernetesObject(s, 'Settings', configMap()));
    expect(only(stack, 'kubernetes_manifest').manifest).toEqual({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'plinth' }, data: { level: 'info' } });
  });

  it('points policy findings at the line that built the object, not at the wrapper', () => {
    // Testing.synth drops `//` metadata, so read the stack's Terraform directly.
    const stack = new TerraformStack(Testing.app(), 'test');
    new KubernetesObject(stack, 'Settings', configMap()); // the caller's line
    const line = readFileSync(__filename, 'utf8').split('\n').findIndex((text) => text.includes('// the caller' + "'s line")) + 1;
    expect(only(stack.toTerraform(), 'kubernetes_manifest')['//'].plinth_source).toBe(`test/constructs/k8s/kubernetes-object.test.ts:${line}`);
  });

  it('refuses an object that breaks the Kubernetes schema, naming the construct, the object and every failing field', () => {
    const broken = new Deployment({
      metadata: { name: 'tracking', namespace: 'plinth' },
      spec: { selector: {}, template: { spec: { containers: [{ name: 'tracking', image: 'x:1', ports: [{ containerPort: '5000' as unknown as number }] }] } } },
    });
    expect(() => synthK8sStack((s) => new KubernetesObject(s, 'Tracking', broken))).toThrow(
      'KubernetesObject test/Tracking: Deployment "tracking" does not match the Kubernetes schema:\n  spec.template.spec.containers[0].ports[0].containerPort must be integer',
    );
  });

  it('refuses an object without a name', () => {
    expect(() => synthK8sStack((s) => new KubernetesObject(s, 'Anonymous', new ConfigMap({ metadata: { namespace: 'plinth' } })))).toThrow(
      'KubernetesObject test/Anonymous: ConfigMap "(no name)" has no metadata.name',
    );
  });
});
