import { kmsKeyRotation } from '../../../policies/rules/aws/kms-key-rotation';
import { s3NoPublicAcl } from '../../../policies/rules/aws/s3-no-public-acl';
import { kmsKeyNotPublic } from '../../../policies/rules/gcp/kms-key-not-public';
import { s3PolicyNoPublicPrincipal } from '../../../policies/rules/aws/s3-policy-no-public-principal';
import { namespaceNetworkPolicy } from '../../../policies/rules/kubernetes/namespace-network-policy';
import { runAsNonRoot } from '../../../policies/rules/kubernetes/run-as-non-root';
import { moduleFromHcl, verdict } from '../helpers';

/** Behaviour the Checkov fixtures do not cover, or where Plinth reads more than Checkov. */
describe('rules beyond the Checkov fixtures', () => {
  test('PLN-GCP-006 decides a grant whose member is known only after apply by its kind', async () => {
    const graph = await moduleFromHcl(`
data "google_project" "this" {}
resource "google_kms_crypto_key_iam_member" "agent" {
  crypto_key_id = "k"
  role          = "roles/cloudkms.cryptoKeyEncrypterDecrypter"
  member        = "serviceAccount:service-\${data.google_project.this.number}@gs-project-accounts.iam.gserviceaccount.com"
}
resource "google_kms_crypto_key_iam_member" "whole" {
  crypto_key_id = "k"
  role          = "roles/cloudkms.cryptoKeyEncrypterDecrypter"
  member        = data.google_project.this.name
}
resource "google_kms_crypto_key_iam_member" "public" {
  crypto_key_id = "k"
  role          = "roles/cloudkms.cryptoKeyEncrypterDecrypter"
  member        = "allUsers"
}
`);
    expect(verdict(kmsKeyNotPublic, graph, 'google_kms_crypto_key_iam_member.agent').status).toBe('pass');
    expect(verdict(kmsKeyNotPublic, graph, 'google_kms_crypto_key_iam_member.whole')).toEqual({ status: 'unknown', message: 'member is only known after apply' });
    expect(verdict(kmsKeyNotPublic, graph, 'google_kms_crypto_key_iam_member.public').status).toBe('fail');
  });

  test('PLN-AWS-006 reads separate aws_s3_bucket_acl resources and AllUsers grants', async () => {
    const graph = await moduleFromHcl(`
resource "aws_s3_bucket" "canned" {}
resource "aws_s3_bucket_acl" "canned" {
  bucket = aws_s3_bucket.canned.id
  acl    = "public-read"
}
resource "aws_s3_bucket" "granted" {}
resource "aws_s3_bucket_acl" "granted" {
  bucket = aws_s3_bucket.granted.bucket
  access_control_policy {
    grant {
      grantee {
        type = "Group"
        uri  = "http://acs.amazonaws.com/groups/global/AllUsers"
      }
      permission = "READ"
    }
  }
}
resource "aws_s3_bucket" "private" {}
resource "aws_s3_bucket_acl" "private" {
  bucket = aws_s3_bucket.private.id
  acl    = "private"
}
`);
    expect(verdict(s3NoPublicAcl, graph, 'aws_s3_bucket.canned')).toEqual({ status: 'fail', message: 'aws_s3_bucket_acl.canned.acl is "public-read"; use "private"' });
    expect(verdict(s3NoPublicAcl, graph, 'aws_s3_bucket.granted').status).toBe('fail');
    expect(verdict(s3NoPublicAcl, graph, 'aws_s3_bucket.private').status).toBe('pass');
  });

  test('PLN-AWS-007 reads a policy built with data.aws_iam_policy_document (Checkov says unknown)', async () => {
    const graph = await moduleFromHcl(`
resource "aws_s3_bucket" "b" {}
data "aws_iam_policy_document" "open" {
  statement {
    actions   = ["s3:GetObject"]
    resources = ["\${aws_s3_bucket.b.arn}/*"]
    principals {
      type        = "AWS"
      identifiers = ["*"]
    }
  }
}
data "aws_iam_policy_document" "org_only" {
  statement {
    actions   = ["s3:GetObject"]
    resources = ["\${aws_s3_bucket.b.arn}/*"]
    principals {
      type        = "AWS"
      identifiers = ["*"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:PrincipalOrgID"
      values   = ["o-123"]
    }
  }
}
resource "aws_s3_bucket_policy" "open" {
  bucket = aws_s3_bucket.b.id
  policy = data.aws_iam_policy_document.open.json
}
resource "aws_s3_bucket_policy" "org_only" {
  bucket = aws_s3_bucket.b.id
  policy = data.aws_iam_policy_document.org_only.json
}
`);
    expect(verdict(s3PolicyNoPublicPrincipal, graph, 'aws_s3_bucket_policy.open').status).toBe('fail');
    expect(verdict(s3PolicyNoPublicPrincipal, graph, 'aws_s3_bucket_policy.org_only').status).toBe('pass');
  });

  test('PLN-AWS-008 does not ask HMAC keys to rotate (KMS cannot)', async () => {
    const graph = await moduleFromHcl('resource "aws_kms_key" "mac" {\n  customer_master_key_spec = "HMAC_256"\n  key_usage = "GENERATE_VERIFY_MAC"\n}\n');
    expect(verdict(kmsKeyRotation, graph, 'aws_kms_key.mac').status).toBe('not_applicable');
  });

  test('PLN-K8S-017 accepts a non-root pod security context for every container', async () => {
    const graph = await moduleFromHcl(`
resource "kubernetes_deployment_v1" "pod_level" {
  spec {
    template {
      spec {
        security_context {
          run_as_non_root = true
          run_as_user     = 1000
        }
        container { image = "a:1" }
        container { image = "b:1" }
      }
    }
  }
}
resource "kubernetes_deployment_v1" "one_root" {
  spec {
    template {
      spec {
        container {
          image = "a:1"
          security_context { run_as_user = 1000 }
        }
        container { image = "b:1" }
      }
    }
  }
}
`);
    expect(verdict(runAsNonRoot, graph, 'kubernetes_deployment_v1.pod_level').status).toBe('pass');
    expect(verdict(runAsNonRoot, graph, 'kubernetes_deployment_v1.one_root')).toEqual({
      status: 'fail',
      message: 'spec.template.spec.container[1].security_context.run_as_non_root is not true, nor is it set for the pod',
    });
  });

  test('PLN-K8S-018 finds network policies by namespace name or by reference', async () => {
    const graph = await moduleFromHcl(`
resource "kubernetes_namespace_v1" "serving" {
  metadata { name = "serving" }
}
resource "kubernetes_namespace_v1" "features" {
  metadata { name = "features" }
}
resource "kubernetes_namespace_v1" "open" {
  metadata { name = "open" }
}
resource "kubernetes_network_policy_v1" "serving" {
  metadata {
    name      = "default-deny"
    namespace = kubernetes_namespace_v1.serving.metadata[0].name
  }
}
resource "kubernetes_network_policy_v1" "features" {
  metadata {
    name      = "default-deny"
    namespace = "features"
  }
}
`);
    expect(verdict(namespaceNetworkPolicy, graph, 'kubernetes_namespace_v1.serving').status).toBe('pass');
    expect(verdict(namespaceNetworkPolicy, graph, 'kubernetes_namespace_v1.features').status).toBe('pass');
    expect(verdict(namespaceNetworkPolicy, graph, 'kubernetes_namespace_v1.open')).toEqual({ status: 'fail', message: 'metadata.name "open" has no NetworkPolicy' });
  });
});
