import type { Construct } from 'constructs';
import { FeatureStore } from '../../constructs/k8s/feature-store/feature-store';
import { DcgmExporter } from '../../constructs/k8s/gpu/dcgm-exporter';
import { gpuAlertRules } from '../../constructs/k8s/gpu/gpu-alert-rules';
import { gpuDashboardConfigMap } from '../../constructs/k8s/gpu/gpu-dashboard';
import { NvidiaDevicePlugin } from '../../constructs/k8s/gpu/nvidia-device-plugin';
import { MONITORING_NAMESPACE, PROMETHEUS_URL } from '../../constructs/k8s/monitoring/monitoring';
import { PlatformNamespace } from '../../constructs/k8s/platform-namespace';
import { TritonServer } from '../../constructs/k8s/triton/triton-server';
import type { BlueprintEnvironment } from '../blueprint';
import { collectMonitoringAdditions, environmentLabels, startupWorkloads, type MonitoringAdditions } from '../startup/workloads';
import type { RealtimeHandles } from './foundation';
import { SERVING_NAMESPACE } from './serving';

/**
 * The realtime workloads: startup's, plus on GPU nodes the NVIDIA device plugin and the DCGM exporter
 * (GPU alerts and dashboard in the monitoring stack) unless the cluster runs NVIDIA's stack itself, and in the serving namespace the Feast feature
 * server with its materialization CronJob, and Triton as a canary Rollout autoscaled by KEDA on queue
 * time (its analysis and KEDA query Prometheus from kube-system).
 */
export function realtimeWorkloads(scope: Construct, environment: BlueprintEnvironment, handles: RealtimeHandles, additions: MonitoringAdditions = {}): void {
  const { resolved } = environment;
  const monitoring = collectMonitoringAdditions(additions);

  // Where the cloud installs the NVIDIA driver and device plugin itself (GKE), the driver lives where NVIDIA's
  // DCGM exporter chart does not look (/home/kubernetes/bin/nvidia on GKE), so the exporter, and the GPU alerts
  // and dashboard that read its metrics, are left out: GPU metrics there are the cloud's own (GKE's DCGM
  // integration), which Plinth's Prometheus does not scrape yet.
  if (handles.gpu && !handles.cluster.managedAddons.includes('nvidia-device-plugin')) {
    new NvidiaDevicePlugin(scope, 'NvidiaDevicePlugin');
    const dcgm = new DcgmExporter(scope, 'DcgmExporter');
    monitoring.serviceMonitors.push(dcgm.serviceMonitor);
    monitoring.prometheusRules.push(gpuAlertRules());
    monitoring.dashboards.push(gpuDashboardConfigMap);
  }

  const servingNamespace = handles.triton || handles.featureStore ? new PlatformNamespace(scope, 'ServingNamespace', { name: SERVING_NAMESPACE, labels: environmentLabels(environment), identityEndpoints: handles.cluster.identityEndpoints }) : undefined;
  const scrapedFrom = resolved.capabilities.monitoring ? MONITORING_NAMESPACE : undefined;

  if (handles.featureStore && servingNamespace && resolved.sizes.featureStore) {
    const { cache, identity, cacheUser, project } = handles.featureStore;
    const featureStore = new FeatureStore(scope, 'FeatureStore', {
      namespace: servingNamespace,
      identity,
      store: { project, artifactUri: handles.artifacts.uri, cache: { host: cache.host, port: cache.port, user: cacheUser, clusterMode: cache.clusterMode } },
      cacheName: cache.cacheName,
      cacheAuthentication: cache.authentication,
      cacheCaCertificate: cache.caCertificate,
      cacheNetworkCidr: handles.networkCidr,
      cacheNodePorts: cache.nodePorts,
      region: resolved.region,
      cloudEnvironment: handles.cluster.podEnvironment,
      replicas: resolved.sizes.featureStore.replicas,
      scrapedFrom,
    });
    if (featureStore.serviceMonitor) monitoring.serviceMonitors.push(featureStore.serviceMonitor);
  }

  if (handles.triton && handles.gpu && servingNamespace && resolved.sizes.triton) {
    const triton = new TritonServer(scope, 'Triton', {
      namespace: servingNamespace,
      identity: handles.triton.identity,
      modelRepository: handles.triton.modelRepository,
      // What the storage SDKs need on this cloud (AWS: the region; GCP: the project, credentials come from Workload Identity).
      env: handles.cluster.podEnvironment,
      gpuPool: handles.gpu.pool,
      minReplicas: resolved.sizes.triton.minReplicas,
      maxReplicas: resolved.sizes.triton.maxReplicas,
      targetQueueMilliseconds: resolved.sizes.triton.targetQueueTimeMs,
      wakeQuery: resolved.sizes.triton.wakeQuery,
      prometheus: { namespace: MONITORING_NAMESPACE, url: PROMETHEUS_URL },
    });
    monitoring.serviceMonitors.push(triton.serviceMonitor);
    // Argo Rollouts' analysis and KEDA's metrics run in kube-system (ProgressiveDelivery).
    monitoring.queriedFrom.push('kube-system');
  }

  startupWorkloads(scope, environment, handles, { ...monitoring, queriedFrom: [...new Set(monitoring.queriedFrom)] });
}
