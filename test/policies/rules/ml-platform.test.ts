import { gpuPoolScalesToZero } from '../../../policies/rules/ml/gpu-pool-scales-to-zero';
import { gpuPoolTainted } from '../../../policies/rules/ml/gpu-pool-tainted';
import { helmReleasePinned } from '../../../policies/rules/ml/helm-release-pinned';
import { modelBucketsVersioned } from '../../../policies/rules/ml/model-buckets-versioned';
import { noSpotServingInProduction } from '../../../policies/rules/ml/no-spot-serving-in-production';
import { registryImmutableTags } from '../../../policies/rules/ml/registry-immutable-tags';
import { servingProbesAndLimits } from '../../../policies/rules/ml/serving-probes-and-limits';
import { moduleFromHcl, verdict } from '../helpers';

const NODE_GROUPS = `
resource "aws_eks_node_group" "gpu_tainted" {
  instance_types = ["g5.xlarge"]
  capacity_type  = "ON_DEMAND"
  labels         = { workload = "serving" }
  scaling_config {
    min_size     = 0
    max_size     = 4
    desired_size = 0
  }
  taint {
    key    = "nvidia.com/gpu"
    effect = "NO_SCHEDULE"
  }
}
resource "aws_eks_node_group" "gpu_open" {
  ami_type       = "AL2_x86_64_GPU"
  instance_types = ["p4d.24xlarge"]
  capacity_type  = "SPOT"
  labels         = { workload = "serving" }
  scaling_config {
    min_size     = 1
    max_size     = 40
    desired_size = 1
  }
}
resource "aws_eks_node_group" "system" {
  instance_types = ["m6i.large"]
  capacity_type  = "SPOT"
  scaling_config {
    min_size     = 2
    max_size     = 4
    desired_size = 2
  }
}
resource "google_container_node_pool" "a100" {
  node_config {
    machine_type = "a2-highgpu-1g"
    spot         = true
    labels       = { workload = "training" }
    taint {
      key    = "nvidia.com/gpu"
      value  = "present"
      effect = "NO_SCHEDULE"
    }
  }
  autoscaling {
    min_node_count = 0
    max_node_count = 8
  }
}
`;

describe('GPU node pools', () => {
  test('must be tainted for GPU workloads; other pools are not concerned', async () => {
    const graph = await moduleFromHcl(NODE_GROUPS);
    expect(verdict(gpuPoolTainted, graph, 'aws_eks_node_group.gpu_tainted').status).toBe('pass');
    expect(verdict(gpuPoolTainted, graph, 'google_container_node_pool.a100').status).toBe('pass');
    expect(verdict(gpuPoolTainted, graph, 'aws_eks_node_group.gpu_open')).toEqual({ status: 'fail', message: 'taint has no "nvidia.com/gpu" taint' });
    expect(verdict(gpuPoolTainted, graph, 'aws_eks_node_group.system').status).toBe('not_applicable');
  });

  test('must scale to zero outside production only', async () => {
    const graph = await moduleFromHcl(NODE_GROUPS);
    expect(verdict(gpuPoolScalesToZero, graph, 'aws_eks_node_group.gpu_open', { production: false })).toEqual({
      status: 'fail',
      message: 'scaling_config.min_size is 1; set it to 0 outside production',
    });
    expect(verdict(gpuPoolScalesToZero, graph, 'aws_eks_node_group.gpu_open', { production: true }).status).toBe('not_applicable');
    expect(verdict(gpuPoolScalesToZero, graph, 'google_container_node_pool.a100', { production: false }).status).toBe('pass');
  });

  test('serving pools are never spot in production; training pools may be', async () => {
    const graph = await moduleFromHcl(NODE_GROUPS);
    expect(verdict(noSpotServingInProduction, graph, 'aws_eks_node_group.gpu_open', { production: true }).status).toBe('fail');
    expect(verdict(noSpotServingInProduction, graph, 'aws_eks_node_group.gpu_open', { production: false }).status).toBe('not_applicable');
    expect(verdict(noSpotServingInProduction, graph, 'aws_eks_node_group.gpu_tainted', { production: true }).status).toBe('pass');
    expect(verdict(noSpotServingInProduction, graph, 'google_container_node_pool.a100', { production: true }).status).toBe('not_applicable');
  });

  test('production is read from the environment tag when the caller does not say', async () => {
    const graph = await moduleFromHcl(`
provider "aws" {
  default_tags {
    tags = { environment = "prod" }
  }
}
${NODE_GROUPS}`);
    expect(verdict(noSpotServingInProduction, graph, 'aws_eks_node_group.gpu_open').status).toBe('fail');
  });
});

describe('model storage and registries', () => {
  test('model and artifact buckets must be versioned, other buckets are not concerned', async () => {
    const graph = await moduleFromHcl(`
resource "aws_s3_bucket" "models" { bucket_prefix = "plinth-dev-models-" }
resource "aws_s3_bucket" "artifacts" { tags = { purpose = "artifacts" } }
resource "aws_s3_bucket_versioning" "artifacts" {
  bucket = aws_s3_bucket.artifacts.id
  versioning_configuration { status = "Enabled" }
}
resource "aws_s3_bucket" "scratch" { bucket = "plinth-dev-scratch" }
resource "google_storage_bucket" "triton_repository" {
  name = "plinth-triton"
  versioning { enabled = true }
}
`);
    expect(verdict(modelBucketsVersioned, graph, 'aws_s3_bucket.models').status).toBe('fail');
    expect(verdict(modelBucketsVersioned, graph, 'aws_s3_bucket.artifacts').status).toBe('pass');
    expect(verdict(modelBucketsVersioned, graph, 'aws_s3_bucket.scratch').status).toBe('not_applicable');
    expect(verdict(modelBucketsVersioned, graph, 'google_storage_bucket.triton_repository').status).toBe('pass');
  });

  test('Docker repositories in Artifact Registry must have immutable tags', async () => {
    const graph = await moduleFromHcl(`
resource "google_artifact_registry_repository" "images" {
  format = "DOCKER"
  docker_config { immutable_tags = true }
}
resource "google_artifact_registry_repository" "mutable" { format = "DOCKER" }
resource "google_artifact_registry_repository" "wheels" { format = "PYTHON" }
`);
    expect(verdict(registryImmutableTags, graph, 'google_artifact_registry_repository.images').status).toBe('pass');
    expect(verdict(registryImmutableTags, graph, 'google_artifact_registry_repository.mutable').status).toBe('fail');
    expect(verdict(registryImmutableTags, graph, 'google_artifact_registry_repository.wheels').status).toBe('not_applicable');
  });
});

describe('serving workloads and charts', () => {
  test('serving deployments need readiness probes and limits, GPU limits when they request GPUs', async () => {
    const graph = await moduleFromHcl(`
resource "kubernetes_deployment_v1" "triton" {
  metadata {
    name   = "triton"
    labels = { "app.kubernetes.io/component" = "serving" }
  }
  spec {
    template {
      spec {
        container {
          image = "nvcr.io/nvidia/tritonserver:24.05-py3"
          readiness_probe {
            http_get { path = "/v2/health/ready" }
          }
          resources {
            requests = { "nvidia.com/gpu" = "1" }
            limits   = { cpu = "4", memory = "16Gi" }
          }
        }
      }
    }
  }
}
resource "kubernetes_deployment_v1" "tracking" {
  metadata { name = "tracking" }
  spec {
    template {
      spec {
        container { image = "plinth/tracking:1.0.0" }
      }
    }
  }
}
`);
    expect(verdict(servingProbesAndLimits, graph, 'kubernetes_deployment_v1.triton')).toEqual({
      status: 'fail',
      message: 'spec.template.spec.container[0].resources.limits["nvidia.com/gpu"] is not set although the container requests GPUs',
    });
    expect(verdict(servingProbesAndLimits, graph, 'kubernetes_deployment_v1.tracking').status).toBe('not_applicable');
  });

  test('Helm releases pin an exact chart version from a named repository', async () => {
    const graph = await moduleFromHcl(`
resource "helm_release" "pinned" {
  repository = "https://prometheus-community.github.io/helm-charts"
  chart      = "kube-prometheus-stack"
  version    = "61.3.2"
}
resource "helm_release" "floating" {
  repository = "https://nvidia.github.io/gpu-operator"
  chart      = "gpu-operator"
}
resource "helm_release" "range" {
  repository = "https://feast-helm-charts.storage.googleapis.com"
  chart      = "feast"
  version    = "^0.40"
}
resource "helm_release" "no_repository" {
  chart   = "qdrant"
  version = "1.9.0"
}
resource "helm_release" "local" { chart = "./charts/plinth-services" }
resource "helm_release" "oci_chart" {
  chart   = "oci://ghcr.io/prometheus-community/charts/kube-prometheus-stack"
  version = "75.15.1"
}
resource "helm_release" "oci_repository" {
  repository = "oci://registry-1.docker.io/bitnamicharts"
  chart      = "metrics-server"
  version    = "7.4.6"
}
resource "helm_release" "oci_floating" { chart = "oci://ghcr.io/prometheus-community/charts/kube-prometheus-stack" }
`);
    expect(verdict(helmReleasePinned, graph, 'helm_release.pinned').status).toBe('pass');
    expect(verdict(helmReleasePinned, graph, 'helm_release.floating')).toEqual({ status: 'fail', message: 'version is not set, so the latest chart is installed on every apply' });
    expect(verdict(helmReleasePinned, graph, 'helm_release.range').status).toBe('fail');
    expect(verdict(helmReleasePinned, graph, 'helm_release.no_repository')).toEqual({ status: 'fail', message: 'repository is not set; name the chart repository' });
    expect(verdict(helmReleasePinned, graph, 'helm_release.local').status).toBe('pass');
    expect(verdict(helmReleasePinned, graph, 'helm_release.oci_chart').status).toBe('pass');
    expect(verdict(helmReleasePinned, graph, 'helm_release.oci_repository').status).toBe('pass');
    expect(verdict(helmReleasePinned, graph, 'helm_release.oci_floating').status).toBe('fail');
  });
});
