import { artifactRegistryImmutableTags } from '../../../policies/rules/gcp/artifact-registry-immutable-tags';
import { gkeClientCertificate } from '../../../policies/rules/gcp/gke-client-certificate';
import { gkeLegacyAbac } from '../../../policies/rules/gcp/gke-legacy-abac';
import { gkeSecretsEncryption } from '../../../policies/rules/gcp/gke-secrets-encryption';
import { sqlPointInTimeRecovery } from '../../../policies/rules/gcp/sql-point-in-time-recovery';
import { sqlPostgresIamAuthentication } from '../../../policies/rules/gcp/sql-postgres-iam-authentication';
import { sqlRequireTls } from '../../../policies/rules/gcp/sql-require-tls';
import { storageCustomerKey } from '../../../policies/rules/gcp/storage-customer-key';
import { moduleFromHcl, verdict } from '../helpers';

/** PLN-GCP-023..030: the properties the GCP kit sets on Cloud SQL, Cloud Storage, Artifact Registry and GKE. */
describe('GCP rules for the kit\'s secure defaults', () => {
  const sql = moduleFromHcl(`
resource "google_sql_database_instance" "kit" {
  name             = "kit"
  database_version = "POSTGRES_18"
  settings {
    tier = "db-custom-2-8192"
    ip_configuration {
      ipv4_enabled = false
      ssl_mode     = "ENCRYPTED_ONLY"
    }
    database_flags {
      name  = "cloudsql.iam_authentication"
      value = "on"
    }
    backup_configuration {
      enabled                        = true
      point_in_time_recovery_enabled = true
    }
  }
}
resource "google_sql_database_instance" "defaults" {
  name             = "defaults"
  database_version = "POSTGRES_18"
  settings {
    tier = "db-custom-2-8192"
  }
}
resource "google_sql_database_instance" "weak" {
  name             = "weak"
  database_version = "POSTGRES_18"
  settings {
    tier = "db-custom-2-8192"
    ip_configuration {
      ssl_mode = "ALLOW_UNENCRYPTED_AND_ENCRYPTED"
    }
    database_flags {
      name  = "cloudsql.iam_authentication"
      value = "off"
    }
    backup_configuration {
      enabled = true
    }
  }
}
resource "google_sql_database_instance" "client_certificates" {
  name             = "client-certificates"
  database_version = "POSTGRES_18"
  settings {
    tier = "db-custom-2-8192"
    ip_configuration {
      ssl_mode = "TRUSTED_CLIENT_CERTIFICATE_REQUIRED"
    }
    backup_configuration {
      enabled                        = false
      point_in_time_recovery_enabled = true
    }
  }
}
resource "google_sql_database_instance" "mysql" {
  name             = "mysql"
  database_version = "MYSQL_8_4"
  settings {
    tier = "db-custom-2-8192"
    backup_configuration {
      enabled            = true
      binary_log_enabled = true
    }
  }
}
resource "google_sql_database_instance" "mysql_without_binary_log" {
  name             = "mysql-without-binary-log"
  database_version = "MYSQL_8_4"
  settings {
    tier = "db-custom-2-8192"
    backup_configuration {
      enabled                        = true
      point_in_time_recovery_enabled = true
    }
  }
}
resource "google_sql_database_instance" "replica" {
  name                 = "replica"
  database_version     = "POSTGRES_18"
  master_instance_name = google_sql_database_instance.kit.name
  settings {
    tier = "db-custom-2-8192"
  }
}
resource "google_sql_database_instance" "computed" {
  name             = "computed"
  database_version = var.version
  settings {
    tier = "db-custom-2-8192"
    ip_configuration {
      ssl_mode = var.ssl_mode
    }
    backup_configuration {
      enabled = true
    }
  }
}
variable "version" {
  type = string
}
variable "ssl_mode" {
  type = string
}
`);

  const others = moduleFromHcl(`
resource "google_kms_crypto_key" "key" {
  name     = "key"
  key_ring = "projects/p/locations/europe-west1/keyRings/ring"
}
resource "google_storage_bucket" "kit" {
  name     = "kit"
  location = "EUROPE-WEST1"
  encryption {
    default_kms_key_name = google_kms_crypto_key.key.id
  }
}
resource "google_storage_bucket" "google_managed" {
  name     = "google-managed"
  location = "EUROPE-WEST1"
}
resource "google_artifact_registry_repository" "kit" {
  repository_id = "kit"
  location      = "europe-west1"
  format        = "DOCKER"
  docker_config {
    immutable_tags = true
  }
}
resource "google_artifact_registry_repository" "mutable" {
  repository_id = "mutable"
  location      = "europe-west1"
  format        = "DOCKER"
}
resource "google_artifact_registry_repository" "explicitly_mutable" {
  repository_id = "explicitly-mutable"
  location      = "europe-west1"
  format        = "DOCKER"
  docker_config {
    immutable_tags = false
  }
}
resource "google_artifact_registry_repository" "python" {
  repository_id = "python"
  location      = "europe-west1"
  format        = "PYTHON"
}
resource "google_artifact_registry_repository" "docker_hub_mirror" {
  repository_id = "docker-hub-mirror"
  location      = "europe-west1"
  format        = "DOCKER"
  mode          = "REMOTE_REPOSITORY"
}
resource "google_container_cluster" "kit" {
  name               = "kit"
  location           = "europe-west1"
  enable_legacy_abac = false
  master_auth {
    client_certificate_config {
      issue_client_certificate = false
    }
  }
  database_encryption {
    state    = "ENCRYPTED"
    key_name = google_kms_crypto_key.key.id
  }
}
resource "google_container_cluster" "defaults" {
  name     = "defaults"
  location = "europe-west1"
}
resource "google_container_cluster" "legacy" {
  name               = "legacy"
  location           = "europe-west1"
  enable_legacy_abac = true
  master_auth {
    client_certificate_config {
      issue_client_certificate = true
    }
  }
  database_encryption {
    state = "DECRYPTED"
  }
}
resource "google_container_cluster" "computed" {
  name               = "computed"
  location           = "europe-west1"
  enable_legacy_abac = var.abac
}
variable "abac" {
  type = bool
}
`);

  test('PLN-GCP-023 accepts only modes that refuse clear text; unset is the provider default, which allows it', async () => {
    const module = await sql;
    expect(verdict(sqlRequireTls, module, 'google_sql_database_instance.kit')).toEqual({ status: 'pass' });
    expect(verdict(sqlRequireTls, module, 'google_sql_database_instance.client_certificates')).toEqual({ status: 'pass' });
    expect(verdict(sqlRequireTls, module, 'google_sql_database_instance.defaults')).toEqual({
      status: 'fail',
      message: 'settings.ip_configuration.ssl_mode is not set; set it to "ENCRYPTED_ONLY" or "TRUSTED_CLIENT_CERTIFICATE_REQUIRED"',
    });
    expect(verdict(sqlRequireTls, module, 'google_sql_database_instance.weak')).toEqual({
      status: 'fail',
      message: 'settings.ip_configuration.ssl_mode is "ALLOW_UNENCRYPTED_AND_ENCRYPTED"; set it to "ENCRYPTED_ONLY" or "TRUSTED_CLIENT_CERTIFICATE_REQUIRED"',
    });
    expect(verdict(sqlRequireTls, module, 'google_sql_database_instance.computed').status).toBe('unknown');
  });

  test('PLN-GCP-024 asks for backups and for the log each engine recovers to a point in time from; replicas are not concerned', async () => {
    const module = await sql;
    expect(verdict(sqlPointInTimeRecovery, module, 'google_sql_database_instance.kit')).toEqual({ status: 'pass' });
    expect(verdict(sqlPointInTimeRecovery, module, 'google_sql_database_instance.mysql')).toEqual({ status: 'pass' });
    expect(verdict(sqlPointInTimeRecovery, module, 'google_sql_database_instance.defaults')).toEqual({
      status: 'fail',
      message: 'settings.backup_configuration.enabled is not set; set it to true',
    });
    expect(verdict(sqlPointInTimeRecovery, module, 'google_sql_database_instance.client_certificates')).toEqual({
      status: 'fail',
      message: 'settings.backup_configuration.enabled is false; set it to true',
    });
    expect(verdict(sqlPointInTimeRecovery, module, 'google_sql_database_instance.weak')).toEqual({
      status: 'fail',
      message: 'settings.backup_configuration.point_in_time_recovery_enabled is not set; set it to true',
    });
    // point_in_time_recovery_enabled means nothing to MySQL.
    expect(verdict(sqlPointInTimeRecovery, module, 'google_sql_database_instance.mysql_without_binary_log')).toEqual({
      status: 'fail',
      message: 'settings.backup_configuration.binary_log_enabled is not set; set it to true',
    });
    expect(verdict(sqlPointInTimeRecovery, module, 'google_sql_database_instance.replica')).toEqual({ status: 'not_applicable' });
    expect(verdict(sqlPointInTimeRecovery, module, 'google_sql_database_instance.computed').status).toBe('unknown');
  });

  test('PLN-GCP-025 asks PostgreSQL for the IAM authentication flag, other engines are not concerned', async () => {
    const module = await sql;
    expect(verdict(sqlPostgresIamAuthentication, module, 'google_sql_database_instance.kit')).toEqual({ status: 'pass' });
    expect(verdict(sqlPostgresIamAuthentication, module, 'google_sql_database_instance.defaults')).toEqual({
      status: 'fail',
      message: 'settings.database_flags["cloudsql.iam_authentication"] is not set; set it to "on"',
    });
    expect(verdict(sqlPostgresIamAuthentication, module, 'google_sql_database_instance.weak')).toEqual({
      status: 'fail',
      message: 'settings.database_flags["cloudsql.iam_authentication"] is "off"; set it to "on"',
    });
    expect(verdict(sqlPostgresIamAuthentication, module, 'google_sql_database_instance.mysql')).toEqual({ status: 'not_applicable' });
    expect(verdict(sqlPostgresIamAuthentication, module, 'google_sql_database_instance.computed').status).toBe('unknown');
  });

  test('PLN-GCP-026 asks a bucket for a Cloud KMS key; a key known only at apply counts', async () => {
    const module = await others;
    expect(verdict(storageCustomerKey, module, 'google_storage_bucket.kit')).toEqual({ status: 'pass' });
    expect(verdict(storageCustomerKey, module, 'google_storage_bucket.google_managed')).toEqual({
      status: 'fail',
      message: 'encryption.default_kms_key_name is not set; set it to a Cloud KMS key',
    });
  });

  test('PLN-GCP-027 asks standard Docker repositories for immutable tags (unset is mutable); other formats and remote repositories are not concerned', async () => {
    const module = await others;
    expect(verdict(artifactRegistryImmutableTags, module, 'google_artifact_registry_repository.kit')).toEqual({ status: 'pass' });
    expect(verdict(artifactRegistryImmutableTags, module, 'google_artifact_registry_repository.mutable')).toEqual({
      status: 'fail',
      message: 'docker_config.immutable_tags is not set; set it to true',
    });
    expect(verdict(artifactRegistryImmutableTags, module, 'google_artifact_registry_repository.explicitly_mutable')).toEqual({
      status: 'fail',
      message: 'docker_config.immutable_tags is false; set it to true',
    });
    expect(verdict(artifactRegistryImmutableTags, module, 'google_artifact_registry_repository.python')).toEqual({ status: 'not_applicable' });
    expect(verdict(artifactRegistryImmutableTags, module, 'google_artifact_registry_repository.docker_hub_mirror')).toEqual({ status: 'not_applicable' });
  });

  test('PLN-GCP-028 and PLN-GCP-029 fail legacy ABAC and client certificates only when turned on (the provider defaults both off)', async () => {
    const module = await others;
    for (const address of ['google_container_cluster.kit', 'google_container_cluster.defaults']) {
      expect(verdict(gkeLegacyAbac, module, address)).toEqual({ status: 'pass' });
      expect(verdict(gkeClientCertificate, module, address)).toEqual({ status: 'pass' });
    }
    expect(verdict(gkeLegacyAbac, module, 'google_container_cluster.legacy')).toEqual({ status: 'fail', message: 'enable_legacy_abac is true; remove it or set it to false' });
    expect(verdict(gkeClientCertificate, module, 'google_container_cluster.legacy')).toEqual({
      status: 'fail',
      message: 'master_auth.client_certificate_config.issue_client_certificate is true; remove it or set it to false',
    });
    expect(verdict(gkeLegacyAbac, module, 'google_container_cluster.computed').status).toBe('unknown');
  });

  test('PLN-GCP-030 asks for application-layer secrets encryption; unset stores secrets with Google\'s keys only', async () => {
    const module = await others;
    expect(verdict(gkeSecretsEncryption, module, 'google_container_cluster.kit')).toEqual({ status: 'pass' });
    expect(verdict(gkeSecretsEncryption, module, 'google_container_cluster.defaults')).toEqual({
      status: 'fail',
      message: 'database_encryption.state is not set; set it to "ENCRYPTED" with a key_name',
    });
    expect(verdict(gkeSecretsEncryption, module, 'google_container_cluster.legacy')).toEqual({
      status: 'fail',
      message: 'database_encryption.state is "DECRYPTED"; set it to "ENCRYPTED" with a key_name',
    });
  });
});
