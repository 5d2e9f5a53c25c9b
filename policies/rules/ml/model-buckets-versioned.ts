import type { Resource } from '../../engine/model';
import { notApplicable, resourceRule } from '../../engine/rule';
import { effectiveTags } from '../../engine/tags';
import { attr } from '../../engine/values';
import { versioningVerdict } from '../aws/shared/s3';
import { expectTrue } from '../shared/expect';
import type { ResourceGraph } from '../../engine/graph';

/** Buckets that hold models or artifacts, by their purpose tag or by their name. */
const MODEL_DATA = /model|artifact|registry|triton/i;

export const modelBucketsVersioned = resourceRule({
  id: 'PLN-ML-004',
  title: 'Model and artifact buckets are versioned',
  severity: 'high',
  resourceTypes: ['aws_s3_bucket', 'google_storage_bucket'],
  rationale: 'The champion model, its lineage and the Triton repository live in these buckets: an overwrite without versioning loses the model in production and the ability to roll back.',
  remediation: 'Enable versioning (aws_s3_bucket_versioning with status "Enabled", or versioning { enabled = true } on GCS).',
  check(bucket, { graph }) {
    if (!holdsModels(bucket, graph)) return notApplicable;
    return bucket.type === 'aws_s3_bucket' ? versioningVerdict(bucket, graph) : expectTrue(bucket.values, 'versioning.enabled');
  },
});

function holdsModels(bucket: Resource, graph: ResourceGraph): boolean {
  const tags = effectiveTags(bucket, graph).tags;
  const purpose = tags.purpose ?? tags['plinth:purpose'] ?? tags.Purpose;
  if (purpose !== undefined) return MODEL_DATA.test(purpose);
  const names = [attr(bucket.values, 'bucket'), attr(bucket.values, 'bucket_prefix'), attr(bucket.values, 'name'), bucket.constructPath, bucket.name];
  return names.some((name) => typeof name === 'string' && MODEL_DATA.test(name));
}
