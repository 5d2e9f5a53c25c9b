import { createHash, randomBytes } from 'node:crypto';
import type { ConsoleServiceName, ServiceAccess } from './console-services';

/** What the console keeps for a signed-in browser. The token never leaves the server again. */
export interface ConsoleSession {
  /** The token's name at the services (never the token). */
  readonly user: string;
  /** The bearer token the proxy adds to every request; empty for local services without tokens. */
  readonly token: string;
  readonly services: Record<ConsoleServiceName, ServiceAccess>;
  readonly createdAt: number;
  /** Absolute end: created + TTL, however active. */
  readonly expiresAt: number;
  lastSeenAt: number;
}

export interface SessionStoreOptions {
  /** Longest a session lives, in seconds, active or not. */
  readonly ttlSeconds: number;
  /** A session unused this long ends, in seconds. */
  readonly idleSeconds: number;
  /**
   * Sessions kept at once; the least recently used goes first beyond it, so that sign-ins cannot exhaust memory.
   * @default 10000
   */
  readonly maxSessions?: number;
  /** @default Date.now */
  readonly now?: () => number;
}

/**
 * Sessions in memory, found by the SHA-256 of the cookie's random id (256 bits), so the ids themselves
 * are never stored. In memory on purpose: a restart signs everyone out, and the console holds no
 * other state, so it needs no database; one replica (sessions are not shared between replicas).
 */
export class SessionStore {
  private readonly sessions = new Map<string, ConsoleSession>();
  private readonly now: () => number;
  private readonly maxSessions: number;

  constructor(private readonly options: SessionStoreOptions) {
    this.now = options.now ?? Date.now;
    this.maxSessions = options.maxSessions ?? 10_000;
  }

  /** Starts a session; returns the cookie's value and the session. */
  create(fields: Pick<ConsoleSession, 'user' | 'token' | 'services'>): { id: string; session: ConsoleSession } {
    this.sweep();
    while (this.sessions.size >= this.maxSessions) this.sessions.delete(this.sessions.keys().next().value!);
    const id = randomBytes(32).toString('base64url');
    const now = this.now();
    const session: ConsoleSession = { ...fields, createdAt: now, expiresAt: now + this.options.ttlSeconds * 1000, lastSeenAt: now };
    this.sessions.set(digest(id), session);
    return { id, session };
  }

  /** The live session of a cookie value, marked as used now; undefined once it expired or ended. */
  touch(id: string | undefined): ConsoleSession | undefined {
    if (!id) return undefined;
    const key = digest(id);
    const session = this.sessions.get(key);
    if (!session) return undefined;
    const now = this.now();
    if (now >= session.expiresAt || now - session.lastSeenAt >= this.options.idleSeconds * 1000) {
      this.sessions.delete(key);
      return undefined;
    }
    session.lastSeenAt = now;
    // Re-inserted so that the Map's order is least recently used first, for the eviction above.
    this.sessions.delete(key);
    this.sessions.set(key, session);
    return session;
  }

  end(id: string | undefined): void {
    if (id) this.sessions.delete(digest(id));
  }

  get size(): number {
    return this.sessions.size;
  }

  /** When the session ends if it stays in use (the absolute end, or idle timeout from now, whichever is first). */
  endsAt(session: ConsoleSession): number {
    return Math.min(session.expiresAt, session.lastSeenAt + this.options.idleSeconds * 1000);
  }

  private sweep(): void {
    for (const [key, session] of this.sessions) {
      const now = this.now();
      if (now >= session.expiresAt || now - session.lastSeenAt >= this.options.idleSeconds * 1000) this.sessions.delete(key);
    }
  }
}

function digest(id: string): string {
  return createHash('sha256').update(id).digest('hex');
}
