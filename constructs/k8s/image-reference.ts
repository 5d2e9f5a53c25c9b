/** An image a workload runs, pinned to a version. */
export interface ImageReference {
  /** `<repository>:<version>` as given. */
  readonly image: string;
  /** The tag: also the `app.kubernetes.io/version` label. */
  readonly version: string;
}

/**
 * A tag that is also a valid label value (63 characters, alphanumeric at both ends), so the version
 * can label the pods. The repository may be a cdktf token (a registry URL from the foundation stack):
 * the tag after the last `:` is always literal.
 */
const VERSIONED = /^(.+):([A-Za-z0-9](?:[A-Za-z0-9_.-]{0,61}[A-Za-z0-9])?)$/;

/** Parses `<repository>:<version>`; an image without a version, or at `latest`, is refused. */
export function parseImage(image: string, where: string): ImageReference {
  const match = VERSIONED.exec(image);
  if (!match || match[1]!.endsWith('/')) {
    throw new Error(`${where}: image "${image}" has no version; give "<repository>:<version>", e.g. "123456789012.dkr.ecr.eu-west-1.amazonaws.com/plinth-tracking:0.9.0"`);
  }
  if (match[2] === 'latest') {
    throw new Error(`${where}: image "${image}" is at "latest", which moves; give the immutable version to run, e.g. "<repository>:0.9.0"`);
  }
  return { image, version: match[2]! };
}
