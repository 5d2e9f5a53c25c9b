import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ServiceConfigError } from './errors';

/**
 * What a token may do, each role including the ones before it: `read` reads, `write` changes, `approve`
 * also approves what needs a second person (a high-risk promotion), never a request of its own token.
 */
export const ROLES = ['read', 'write', 'approve'] as const;
export type Role = (typeof ROLES)[number];

/** Whether `role` includes `needed`. */
export function roleAllows(role: Role, needed: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(needed);
}

/** Who made a request: the name of the token it carried (never the token itself) and its role. */
export interface Principal {
  readonly name: string;
  readonly role: Role;
}

/** With no tokens configured every request is this principal (local use only, see createService). */
export const ANONYMOUS: Principal = { name: 'anonymous', role: 'write' };

/**
 * Bearer tokens from `name:token:role` entries. Tokens are kept only as SHA-256 digests so that a
 * lookup compares fixed-size digests and no token value can leak through a log of this object.
 */
export class TokenTable {
  private readonly byDigest: ReadonlyMap<string, Principal>;

  constructor(entries: readonly { readonly name: string; readonly token: string; readonly role: Role }[]) {
    this.byDigest = new Map(entries.map((entry) => [digest(entry.token), { name: entry.name, role: entry.role }]));
  }

  /**
   * Parses `name:token:role` entries separated by commas or newlines; a token may itself contain
   * colons. `source` names where the text came from, for error messages (which never quote a token).
   */
  static parse(text: string, source: string): TokenTable {
    const entries = text
      .split(/[,\n]/)
      .map((entry) => entry.trim())
      .filter((entry) => entry !== '' && !entry.startsWith('#'));
    const problems: string[] = [];
    const parsed = entries.flatMap((entry, index) => {
      const parts = entry.split(':');
      const name = parts[0]!.trim();
      const role = parts[parts.length - 1]!.trim();
      const token = parts.slice(1, -1).join(':').trim();
      if (parts.length < 3 || name === '' || token === '') {
        problems.push(`entry ${index + 1}${name ? ` (${name})` : ''}: expected name:token:role`);
        return [];
      }
      if (!(ROLES as readonly string[]).includes(role)) {
        problems.push(`entry ${index + 1} (${name}): role must be ${ROLES.join(', ')}, found '${role}'`);
        return [];
      }
      return [{ name, token, role: role as Role }];
    });
    const names = parsed.map((entry) => entry.name);
    const duplicates = names.filter((name, index) => names.indexOf(name) !== index);
    if (duplicates.length > 0) problems.push(`token names must be unique: ${[...new Set(duplicates)].join(', ')}`);
    if (problems.length > 0) throw new ServiceConfigError(`${source}: ${problems.join('; ')}`);
    return new TokenTable(parsed);
  }

  get size(): number {
    return this.byDigest.size;
  }

  lookup(token: string): Principal | undefined {
    return this.byDigest.get(digest(token));
  }
}

/** Tokens from `PLINTH_TOKENS`, or from the file named by `PLINTH_TOKENS_FILE` (a mounted secret). */
export function tokensFromEnvironment(env: NodeJS.ProcessEnv = process.env): TokenTable {
  const inline = env.PLINTH_TOKENS;
  const file = env.PLINTH_TOKENS_FILE;
  if (inline && file) throw new ServiceConfigError('PLINTH_TOKENS and PLINTH_TOKENS_FILE are both set: set one of them');
  if (inline) return TokenTable.parse(inline, 'PLINTH_TOKENS');
  if (file) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw new ServiceConfigError(`PLINTH_TOKENS_FILE: cannot read ${file}: ${(error as Error).message}`);
    }
    return TokenTable.parse(text, `PLINTH_TOKENS_FILE (${file})`);
  }
  return new TokenTable([]);
}

function digest(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
