import type { ArtifactStore } from './artifact-store';
import { GcsArtifactStore } from './gcs-artifact-store';
import { LocalArtifactStore } from './local-artifact-store';
import { S3ArtifactStore } from './s3-artifact-store';

/** `s3://bucket/prefix`, `gs://bucket/prefix`, `file:///dir` or a directory path. */
export function openArtifactStore(location: string): ArtifactStore {
  if (location.startsWith('s3://')) return new S3ArtifactStore({ uri: location });
  if (location.startsWith('gs://')) return new GcsArtifactStore({ uri: location });
  if (location.startsWith('file://')) return new LocalArtifactStore(new URL(location).pathname);
  return new LocalArtifactStore(location);
}
