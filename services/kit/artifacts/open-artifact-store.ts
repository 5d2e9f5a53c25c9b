import { parseArtifactLocation } from './artifact-location';
import type { ArtifactStore } from './artifact-store';
import { GcsArtifactStore } from './gcs-artifact-store';
import { LocalArtifactStore } from './local-artifact-store';
import { S3ArtifactStore } from './s3-artifact-store';

/** `s3://bucket/prefix`, `gs://bucket/prefix`, `file:///dir` or a directory path (see parseArtifactLocation). */
export function openArtifactStore(location: string): ArtifactStore {
  const parsed = parseArtifactLocation(location);
  if (parsed.kind === 'folder') return new LocalArtifactStore(parsed.folder);
  return parsed.kind === 's3' ? new S3ArtifactStore({ uri: parsed.uri }) : new GcsArtifactStore({ uri: parsed.uri });
}
