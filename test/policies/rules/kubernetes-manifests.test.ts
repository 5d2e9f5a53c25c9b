import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { ServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import { CronJob } from 'kubernetes-models/batch/v1/CronJob';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { ClusterRole } from 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRole';
import { Service } from 'kubernetes-models/v1/Service';
import { Rollout } from '../../../constructs/k8s/triton/argo-rollouts';
import { ScaledObject } from '../../../constructs/k8s/triton/keda';
import { ResourceGraph } from '../../../policies/engine/graph';
import { stackSource } from '../../../policies/engine/loaders/cdktf';
import type { ResourceRule } from '../../../policies/engine/rule';
import { kubernetesPack } from '../../../policies/rules/kubernetes/pack';
import { servingProbesAndLimits } from '../../../policies/rules/ml/serving-probes-and-limits';
import { moduleFromHcl, verdict } from '../helpers';

/**
 * Plinth emits every Kubernetes object as `kubernetes_manifest` (the object's camelCase JSON under
 * `manifest`); the Kubernetes rules read those as they read the provider's typed resources.
 */

type Json = Record<string, any>;

const CONTAINER = 'manifest.spec.template.spec.containers[0]';

/** A Deployment as Plinth's services run (validated against the upstream schema): every rule passes. */
function secureDeployment(): Json {
  const labels = { 'app.kubernetes.io/name': 'tracking', 'app.kubernetes.io/part-of': 'plinth' };
  const deployment = new Deployment({
    metadata: { name: 'tracking', namespace: 'plinth', labels },
    spec: {
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          automountServiceAccountToken: false,
          securityContext: { runAsNonRoot: true, runAsUser: 10001, fsGroup: 10001, seccompProfile: { type: 'RuntimeDefault' } },
          containers: [
            {
              name: 'tracking',
              image: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/plinth/tracking@sha256:' + 'a'.repeat(64),
              securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, capabilities: { drop: ['ALL'] } },
              resources: { requests: { cpu: '250m', memory: '256Mi' }, limits: { cpu: '1', memory: '512Mi' } },
              livenessProbe: { httpGet: { path: '/healthz', port: 5000 } },
              readinessProbe: { httpGet: { path: '/readyz', port: 5000 } },
              volumeMounts: [{ name: 'tokens', mountPath: '/var/run/plinth', readOnly: true }],
            },
          ],
          volumes: [{ name: 'tokens', secret: { secretName: 'tracking-tokens' } }],
        },
      },
    },
  });
  deployment.validate();
  return JSON.parse(JSON.stringify(deployment)) as Json;
}

/**
 * The same pods as an Argo Rollouts canary (argoproj.io/v1alpha1), validated against the Rollout CRD
 * of the pinned controller: the pod template sits at `spec.template`, as in a Deployment.
 */
function rolloutOf(deployment: Json): Json {
  const rollout = new Rollout({
    metadata: deployment.metadata,
    spec: {
      ...deployment.spec,
      strategy: {
        canary: {
          stableService: 'tracking',
          canaryService: 'tracking-canary',
          steps: [{ setWeight: 20 }, { pause: { duration: '5m' } }],
          analysis: { templates: [{ templateName: 'tracking-canary' }], args: [] },
        },
      },
    },
  });
  rollout.validate();
  return rollout.toJSON() as Json;
}

/** A KEDA ScaledObject (validated against its CRD) scaling a workload between 1 and 4 replicas. */
function scaledObjectFor(kind: string | undefined, name = 'tracking', maxReplicaCount = 4): Json {
  const scaled = new ScaledObject({
    metadata: { name, namespace: 'plinth' },
    spec: {
      scaleTargetRef: { apiVersion: kind === 'Rollout' ? 'argoproj.io/v1alpha1' : 'apps/v1', ...(kind ? { kind } : {}), name } as ScaledObject['spec']['scaleTargetRef'],
      minReplicaCount: 1,
      maxReplicaCount,
      triggers: [{ type: 'prometheus', metricType: 'Value', metadata: { serverAddress: 'http://prometheus.monitoring.svc:9090', query: 'vector(1)', threshold: '10' } }],
    },
  });
  scaled.validate();
  return scaled.toJSON() as Json;
}

function container(manifest: Json): Json {
  return manifest.spec.template.spec.containers[0];
}

/** A cdk.tf.json with these manifests, as a graph. */
function graphOf(manifests: Readonly<Record<string, Json>>): ResourceGraph {
  const resources = Object.fromEntries(Object.entries(manifests).map(([name, manifest]) => [name, { manifest }]));
  return new ResourceGraph(stackSource('workloads', 'cdk.tf.json', { resource: { kubernetes_manifest: resources } }));
}

function rule(id: string): ResourceRule {
  const found = [...kubernetesPack.rules, servingProbesAndLimits].find((candidate) => candidate.id === id);
  if (!found || found.scope !== 'resource') throw new Error(`no resource rule ${id}`);
  return found;
}

/** Per rule: what breaks it in a manifest, and the message naming the manifest's own field. */
const BREAKERS: ReadonlyArray<readonly [string, (manifest: Json) => void, string]> = [
  ['PLN-K8S-001', (m) => delete container(m).resources.requests.cpu, `${CONTAINER}.resources.requests.cpu is not set; request the CPU the container needs`],
  ['PLN-K8S-002', (m) => delete container(m).resources.limits.cpu, `${CONTAINER}.resources.limits.cpu is not set; set a CPU limit`],
  ['PLN-K8S-003', (m) => delete container(m).resources.limits.memory, `${CONTAINER}.resources.limits.memory is not set; set a memory limit`],
  ['PLN-K8S-004', (m) => delete container(m).resources.requests.memory, `${CONTAINER}.resources.requests.memory is not set; request the memory the container needs`],
  ['PLN-K8S-005', (m) => (container(m).image = 'ghcr.io/acme/tracking:latest'), `${CONTAINER}.image is "ghcr.io/acme/tracking:latest"; pin a version tag or a digest`],
  ['PLN-K8S-006', (m) => (container(m).image = 'ghcr.io/acme/tracking:1.4.0'), `${CONTAINER}.image is "ghcr.io/acme/tracking:1.4.0"; reference it by digest`],
  ['PLN-K8S-007', (m) => (container(m).securityContext.privileged = true), `${CONTAINER}.securityContext.privileged is true`],
  ['PLN-K8S-008', (m) => (container(m).securityContext.allowPrivilegeEscalation = true), `${CONTAINER}.securityContext.allowPrivilegeEscalation is true; set it to false`],
  ['PLN-K8S-009', (m) => (m.metadata.namespace = 'default'), 'manifest.metadata.namespace is "default"'],
  ['PLN-K8S-010', (m) => (container(m).securityContext.readOnlyRootFilesystem = false), `${CONTAINER}.securityContext.readOnlyRootFilesystem is not true`],
  ['PLN-K8S-011', (m) => (container(m).securityContext.capabilities.drop = ['SYS_ADMIN']), `${CONTAINER}.securityContext.capabilities.drop does not include "ALL" or "NET_RAW"`],
  [
    'PLN-K8S-012',
    (m) => {
      delete m.spec.template.spec.securityContext;
      delete container(m).securityContext;
    },
    `manifest.spec.template.spec.securityContext is not set, nor is ${CONTAINER}.securityContext`,
  ],
  ['PLN-K8S-013', (m) => delete container(m).securityContext, `${CONTAINER}.securityContext is not set`],
  [
    'PLN-K8S-014',
    (m) => (container(m).env = [{ name: 'TOKENS', valueFrom: { secretKeyRef: { name: 'tracking-tokens', key: 'tokens' } } }]),
    `${CONTAINER}.env[0].valueFrom.secretKeyRef puts a secret in an environment variable`,
  ],
  ['PLN-K8S-015', (m) => delete container(m).livenessProbe, `${CONTAINER}.livenessProbe is not set; add a liveness probe`],
  ['PLN-K8S-016', (m) => delete container(m).readinessProbe, `${CONTAINER}.readinessProbe is not set; add a readiness probe`],
  [
    'PLN-K8S-017',
    (m) => {
      m.spec.template.spec.securityContext = { fsGroup: 10001 };
      container(m).securityContext.runAsNonRoot = false;
    },
    `${CONTAINER}.securityContext.runAsNonRoot is not true, nor is it set for the pod`,
  ],
  [
    'PLN-K8S-019',
    (m) => (m.spec.template.spec.automountServiceAccountToken = true),
    'manifest.spec.template.spec.automountServiceAccountToken is true; set it to false unless the pod calls the Kubernetes API',
  ],
  [
    'PLN-K8S-020',
    (m) => (container(m).securityContext.seccompProfile = { type: 'Unconfined' }),
    `${CONTAINER}.securityContext.seccompProfile.type is "Unconfined"; set "RuntimeDefault"`,
  ],
];

/** Rules about more than one object, tested on their own below. */
const ACROSS_OBJECTS = ['PLN-K8S-021'];

describe('Kubernetes rules on kubernetes_manifest', () => {
  test.each(BREAKERS)('%s passes on a secure Deployment manifest and fails on a broken one, naming the manifest field', (id, breakIt, message) => {
    const broken = secureDeployment();
    breakIt(broken);
    const graph = graphOf({ secure: secureDeployment(), broken });
    expect(verdict(rule(id), graph, 'kubernetes_manifest.secure')).toEqual({ status: 'pass' });
    expect(verdict(rule(id), graph, 'kubernetes_manifest.broken')).toEqual({ status: 'fail', message });
  });

  test('every container rule of the pack is covered above', () => {
    const containerRules = kubernetesPack.rules.filter((candidate) => candidate.scope === 'resource' && candidate.resourceTypes.includes('kubernetes_deployment_v1'));
    expect(containerRules.map((candidate) => candidate.id).filter((id) => !BREAKERS.some(([covered]) => covered === id) && !ACROSS_OBJECTS.includes(id))).toEqual([]);
  });

  test('reads a CronJob through its job template, and leaves kinds without pods alone', () => {
    const cronJob = new CronJob({
      metadata: { name: 'retrain', namespace: 'plinth' },
      spec: { schedule: '0 3 * * *', jobTemplate: { spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'retrain', image: 'busybox:1.36', securityContext: { privileged: true } }] } } } } },
    });
    const service = new Service({ metadata: { name: 'tracking', namespace: 'plinth' }, spec: { ports: [{ port: 5000 }] } });
    const graph = graphOf({ retrain: cronJob.toJSON() as Json, tracking: service.toJSON() as Json });
    expect(verdict(rule('PLN-K8S-007'), graph, 'kubernetes_manifest.retrain')).toEqual({
      status: 'fail',
      message: 'manifest.spec.jobTemplate.spec.template.spec.containers[0].securityContext.privileged is true',
    });
    expect(verdict(rule('PLN-K8S-007'), graph, 'kubernetes_manifest.tracking').status).toBe('not_applicable');
    expect(verdict(rule('PLN-K8S-009'), graph, 'kubernetes_manifest.tracking').status).toBe('pass');
  });

  test('PLN-K8S-009 applies to every namespaced kind, not to cluster-scoped ones', () => {
    const service = new Service({ metadata: { name: 'tracking' }, spec: { ports: [{ port: 5000 }] } });
    const role = new ClusterRole({ metadata: { name: 'reader' }, rules: [] });
    const graph = graphOf({ service: service.toJSON() as Json, role: role.toJSON() as Json, namespace: new Namespace({ metadata: { name: 'plinth' } }).toJSON() as Json });
    expect(verdict(rule('PLN-K8S-009'), graph, 'kubernetes_manifest.service')).toEqual({ status: 'fail', message: 'manifest.metadata.namespace is not set, so the resource lands in "default"' });
    expect(verdict(rule('PLN-K8S-009'), graph, 'kubernetes_manifest.role').status).toBe('not_applicable');
    expect(verdict(rule('PLN-K8S-009'), graph, 'kubernetes_manifest.namespace').status).toBe('not_applicable');
  });

  test('a manifest whose content is an expression is undecided, not passed', () => {
    const graph = new ResourceGraph(stackSource('workloads', 'cdk.tf.json', { resource: { kubernetes_manifest: { file: { manifest: '${yamldecode(file("deployment.yaml"))}' } } } }));
    expect(verdict(rule('PLN-K8S-008'), graph, 'kubernetes_manifest.file').status).toBe('unknown');
  });

  test('PLN-K8S-018 accepts a NetworkPolicy manifest for a namespace, typed or manifest', async () => {
    const deny = (namespace: string) => new NetworkPolicy({ metadata: { name: 'default-deny', namespace }, spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] } }).toJSON() as Json;
    const graph = graphOf({
      plinth: new Namespace({ metadata: { name: 'plinth' } }).toJSON() as Json,
      open: new Namespace({ metadata: { name: 'open' } }).toJSON() as Json,
      deny_plinth: deny('plinth'),
    });
    expect(verdict(rule('PLN-K8S-018'), graph, 'kubernetes_manifest.plinth').status).toBe('pass');
    expect(verdict(rule('PLN-K8S-018'), graph, 'kubernetes_manifest.open')).toEqual({ status: 'fail', message: 'manifest.metadata.name "open" has no NetworkPolicy' });

    const typedNamespace = await moduleFromHcl(`
resource "kubernetes_namespace_v1" "serving" {
  metadata { name = "serving" }
}
resource "kubernetes_manifest" "deny" {
  manifest = {
    apiVersion = "networking.k8s.io/v1"
    kind       = "NetworkPolicy"
    metadata   = { name = "default-deny", namespace = kubernetes_namespace_v1.serving.metadata[0].name }
    spec       = { podSelector = {}, policyTypes = ["Ingress"] }
  }
}
`);
    expect(verdict(rule('PLN-K8S-018'), typedNamespace, 'kubernetes_namespace_v1.serving').status).toBe('pass');
  });

  test('PLN-ML-006 reads a serving Deployment manifest', () => {
    const serving = secureDeployment();
    serving.metadata.labels['app.kubernetes.io/component'] = 'serving';
    container(serving).resources.requests['nvidia.com/gpu'] = 1;
    const graph = graphOf({ triton: serving, tracking: secureDeployment() });
    expect(verdict(servingProbesAndLimits, graph, 'kubernetes_manifest.triton')).toEqual({
      status: 'fail',
      message: `${CONTAINER}.resources.limits["nvidia.com/gpu"] is not set although the container requests GPUs`,
    });
    expect(verdict(servingProbesAndLimits, graph, 'kubernetes_manifest.tracking').status).toBe('not_applicable');
  });

  test('typed resources keep their own spelling in messages', async () => {
    const graph = await moduleFromHcl(`
resource "kubernetes_deployment_v1" "d" {
  metadata { namespace = "plinth" }
  spec {
    template {
      spec {
        container {
          image = "a:1"
          security_context { allow_privilege_escalation = true }
        }
      }
    }
  }
}
`);
    expect(verdict(rule('PLN-K8S-008'), graph, 'kubernetes_deployment_v1.d')).toEqual({
      status: 'fail',
      message: 'spec.template.spec.container[0].security_context.allow_privilege_escalation is true; set it to false',
    });
  });

  test('PLN-K8S-019 accepts a pod whose service account turns the token off, typed or manifest', async () => {
    const inherits = secureDeployment();
    delete inherits.spec.template.spec.automountServiceAccountToken;
    inherits.spec.template.spec.serviceAccountName = 'tracking';
    const account = new ServiceAccount({ metadata: { name: 'tracking', namespace: 'plinth' }, automountServiceAccountToken: false }).toJSON() as Json;
    expect(verdict(rule('PLN-K8S-019'), graphOf({ tracking: inherits, account }), 'kubernetes_manifest.tracking').status).toBe('pass');
    expect(verdict(rule('PLN-K8S-019'), graphOf({ tracking: inherits }), 'kubernetes_manifest.tracking')).toEqual({
      status: 'fail',
      message: 'manifest.spec.template.spec.automountServiceAccountToken is not set, and service account "tracking" does not turn the token off either',
    });
    const typed = await moduleFromHcl(`
resource "kubernetes_service_account_v1" "drift" {
  metadata {
    name      = "drift"
    namespace = "plinth"
  }
  automount_service_account_token = false
}
resource "kubernetes_deployment_v1" "drift" {
  metadata { namespace = "plinth" }
  spec {
    template {
      spec {
        service_account_name = "drift"
        container { image = "drift:1" }
      }
    }
  }
}
resource "kubernetes_deployment_v1" "mounted" {
  metadata { namespace = "plinth" }
  spec {
    template {
      spec {
        container { image = "drift:1" }
      }
    }
  }
}
`);
    expect(verdict(rule('PLN-K8S-019'), typed, 'kubernetes_deployment_v1.drift').status).toBe('pass');
    expect(verdict(rule('PLN-K8S-019'), typed, 'kubernetes_deployment_v1.mounted')).toEqual({
      status: 'fail',
      message: 'spec.template.spec.automount_service_account_token is not set, and service account "default" does not turn the token off either',
    });
  });

  test('PLN-K8S-020 takes the pod profile for every container, and a container may not loosen it', async () => {
    const noProfile = secureDeployment();
    delete noProfile.spec.template.spec.securityContext.seccompProfile;
    expect(verdict(rule('PLN-K8S-020'), graphOf({ d: noProfile }), 'kubernetes_manifest.d')).toEqual({
      status: 'fail',
      message: `manifest.spec.template.spec.securityContext.seccompProfile.type is not set, nor is ${CONTAINER}.securityContext.seccompProfile.type; set "RuntimeDefault"`,
    });
    container(noProfile).securityContext.seccompProfile = { type: 'RuntimeDefault' };
    expect(verdict(rule('PLN-K8S-020'), graphOf({ d: noProfile }), 'kubernetes_manifest.d').status).toBe('pass');
    const typed = await moduleFromHcl(`
resource "kubernetes_deployment_v1" "d" {
  metadata { namespace = "plinth" }
  spec {
    template {
      spec {
        security_context {
          seccomp_profile { type = "RuntimeDefault" }
        }
        container { image = "a:1" }
      }
    }
  }
}
`);
    expect(verdict(rule('PLN-K8S-020'), typed, 'kubernetes_deployment_v1.d').status).toBe('pass');
  });

  test('PLN-K8S-021 asks replicated or autoscaled Deployments for a PodDisruptionBudget that selects their pods', () => {
    const replicated = secureDeployment();
    replicated.spec.replicas = 2;
    const labels = replicated.spec.template.metadata.labels;
    const budget = (matchLabels: Json, namespace = 'plinth') =>
      new PodDisruptionBudget({ metadata: { name: 'tracking', namespace }, spec: { maxUnavailable: 1, selector: { matchLabels } } }).toJSON() as Json;
    const autoscaler = new HorizontalPodAutoscaler({
      metadata: { name: 'tracking', namespace: 'plinth' },
      spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'tracking' }, minReplicas: 2, maxReplicas: 4 },
    }).toJSON() as Json;
    const pdb = rule('PLN-K8S-021');
    expect(verdict(pdb, graphOf({ d: replicated, budget: budget(labels) }), 'kubernetes_manifest.d').status).toBe('pass');
    expect(verdict(pdb, graphOf({ d: replicated, budget: budget({ 'app.kubernetes.io/name': 'drift' }) }), 'kubernetes_manifest.d')).toEqual({
      status: 'fail',
      message: 'manifest.spec.template.metadata.labels are selected by no PodDisruptionBudget in namespace "plinth"',
    });
    expect(verdict(pdb, graphOf({ d: replicated, budget: budget(labels, 'other') }), 'kubernetes_manifest.d').status).toBe('fail');
    // One replica and no autoscaler: a budget cannot help.
    expect(verdict(pdb, graphOf({ d: secureDeployment() }), 'kubernetes_manifest.d').status).toBe('not_applicable');
    expect(verdict(pdb, graphOf({ d: secureDeployment(), autoscaler }), 'kubernetes_manifest.d').status).toBe('fail');
    expect(verdict(pdb, graphOf({ d: secureDeployment(), autoscaler, budget: budget(labels) }), 'kubernetes_manifest.d').status).toBe('pass');
  });
});

describe('Kubernetes rules on an Argo Rollout', () => {
  test.each(BREAKERS)('%s reads a Rollout as it reads a Deployment: passes the secure one, fails the broken one at the same field', (id, breakIt, message) => {
    const broken = rolloutOf(secureDeployment());
    breakIt(broken);
    const graph = graphOf({ secure: rolloutOf(secureDeployment()), broken });
    expect(verdict(rule(id), graph, 'kubernetes_manifest.secure')).toEqual({ status: 'pass' });
    expect(verdict(rule(id), graph, 'kubernetes_manifest.broken')).toEqual({ status: 'fail', message });
  });

  test('PLN-K8S-021 asks a Rollout scaled by KEDA for a PodDisruptionBudget, as a Deployment scaled by an HPA', () => {
    const rollout = rolloutOf(secureDeployment());
    const budget = new PodDisruptionBudget({ metadata: { name: 'tracking', namespace: 'plinth' }, spec: { maxUnavailable: 1, selector: { matchLabels: rollout.spec.template.metadata.labels } } }).toJSON() as Json;
    const pdb = rule('PLN-K8S-021');
    expect(verdict(pdb, graphOf({ r: rollout, scaled: scaledObjectFor('Rollout') }), 'kubernetes_manifest.r')).toEqual({
      status: 'fail',
      message: 'manifest.spec.template.metadata.labels are selected by no PodDisruptionBudget in namespace "plinth"',
    });
    expect(verdict(pdb, graphOf({ r: rollout, scaled: scaledObjectFor('Rollout'), budget }), 'kubernetes_manifest.r').status).toBe('pass');
    // Without an autoscaler and with one replica at most, a budget cannot help; a ScaledObject of a Deployment is not the Rollout's.
    expect(verdict(pdb, graphOf({ r: rollout }), 'kubernetes_manifest.r').status).toBe('not_applicable');
    expect(verdict(pdb, graphOf({ r: rollout, scaled: scaledObjectFor('Deployment') }), 'kubernetes_manifest.r').status).toBe('not_applicable');
    // An autoscaler that never runs more than one replica makes no budget useful.
    expect(verdict(pdb, graphOf({ r: rollout, scaled: scaledObjectFor('Rollout', 'tracking', 1) }), 'kubernetes_manifest.r').status).toBe('not_applicable');
    // KEDA's target kind defaults to Deployment.
    expect(verdict(pdb, graphOf({ d: secureDeployment(), scaled: scaledObjectFor(undefined) }), 'kubernetes_manifest.d').status).toBe('fail');
    const replicated = rolloutOf(secureDeployment());
    replicated.spec.replicas = 3;
    expect(verdict(pdb, graphOf({ r: replicated }), 'kubernetes_manifest.r').status).toBe('fail');
  });

  test('PLN-ML-006 flags a serving Rollout that requests GPUs without limiting them', () => {
    const serving = rolloutOf(secureDeployment());
    serving.metadata.labels['app.kubernetes.io/component'] = 'serving';
    container(serving).resources.requests['nvidia.com/gpu'] = 1;
    expect(verdict(servingProbesAndLimits, graphOf({ triton: serving }), 'kubernetes_manifest.triton')).toEqual({
      status: 'fail',
      message: `${CONTAINER}.resources.limits["nvidia.com/gpu"] is not set although the container requests GPUs`,
    });
    delete container(serving).readinessProbe;
    expect(verdict(servingProbesAndLimits, graphOf({ triton: serving }), 'kubernetes_manifest.triton')).toEqual({
      status: 'fail',
      message: `${CONTAINER}.readinessProbe is not set on a serving container`,
    });
  });

  test('a Rollout that takes its pods from a Deployment (workloadRef) is left to that Deployment', () => {
    const rollout = rolloutOf(secureDeployment());
    delete rollout.spec.template;
    rollout.spec.workloadRef = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'tracking' };
    const graph = graphOf({ r: rollout });
    for (const id of ['PLN-K8S-002', 'PLN-K8S-011', 'PLN-K8S-012', 'PLN-K8S-015', 'PLN-K8S-017', 'PLN-K8S-021']) {
      expect([id, verdict(rule(id), graph, 'kubernetes_manifest.r').status]).toEqual([id, 'not_applicable']);
    }
    expect(verdict(rule('PLN-K8S-009'), graph, 'kubernetes_manifest.r').status).toBe('pass');
  });
});
