import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

/**
 * The version in this repository's package.json: the release its images are built from. Found by
 * walking up from this file, because it runs both from the sources and from the compiled dist/.
 */
export function repositoryVersion(): string {
  for (let folder = __dirname; ; folder = path.dirname(folder)) {
    const manifest = path.join(folder, 'package.json');
    if (existsSync(manifest)) {
      const { name, version } = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string; version?: string };
      if (name === 'plinth' && version) return version;
    }
    if (path.dirname(folder) === folder) throw new Error('package.json of plinth not found above ' + __dirname);
  }
}
