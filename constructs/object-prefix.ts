import type { Construct } from 'constructs';

/**
 * `prefix` as an object-key prefix for a grant (an S3 policy resource, a GCS IAM condition), after checking that it
 * is one: path segments ending in `/`, of characters that mean the same in every cloud's policy language (no
 * wildcards, no quotes a condition expression would have to escape). The whole store when omitted: `''`.
 */
export function checkedPrefix(resource: Construct, prefix: string | undefined): string {
  if (prefix === undefined) return '';
  if (!/^[A-Za-z0-9!_.()'-]+(\/[A-Za-z0-9!_.()'-]+)*\/$/.test(prefix)) {
    throw new Error(
      `${resource.node.path}: prefix "${prefix}" must be one or more path segments ending in "/" (such as "tracking/"), ` +
        'of letters, digits and !_.()\'- only: no leading "/", no wildcards',
    );
  }
  return prefix;
}
