import { SessionStore } from '../../services/console/server/sessions';

const services = {
  tracking: { configured: true, reachable: true, authentication: true, role: 'read' as const },
  gates: { configured: false, reachable: false, authentication: false, role: null },
  drift: { configured: false, reachable: false, authentication: false, role: null },
  inference: { configured: false, reachable: false, authentication: false, role: null },
};

describe('console sessions', () => {
  it('end after the idle timeout, however young', () => {
    let now = 0;
    const store = new SessionStore({ ttlSeconds: 3600, idleSeconds: 60, now: () => now });
    const { id } = store.create({ user: 'rita', token: 't', services });
    now = 59_000;
    expect(store.touch(id)?.user).toBe('rita');
    now = 59_000 + 60_000;
    expect(store.touch(id)).toBeUndefined();
  });

  it('end at their absolute end, however active', () => {
    let now = 0;
    const store = new SessionStore({ ttlSeconds: 120, idleSeconds: 60, now: () => now });
    const { id, session } = store.create({ user: 'rita', token: 't', services });
    for (now = 30_000; now < 120_000; now += 30_000) expect(store.touch(id)).toBe(session);
    now = 120_000;
    expect(store.touch(id)).toBeUndefined();
  });

  it('are found only by the random id the cookie carries', () => {
    const store = new SessionStore({ ttlSeconds: 120, idleSeconds: 60 });
    const { id } = store.create({ user: 'rita', token: 't', services });
    expect(id).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(store.touch(`${id.slice(0, -1)}${id.endsWith('A') ? 'B' : 'A'}`)).toBeUndefined();
    expect(store.touch(undefined)).toBeUndefined();
  });

  it('keep at most maxSessions, dropping the least recently used', () => {
    const store = new SessionStore({ ttlSeconds: 120, idleSeconds: 60, maxSessions: 2 });
    const first = store.create({ user: 'a', token: 'a', services });
    const second = store.create({ user: 'b', token: 'b', services });
    store.touch(first.id);
    store.create({ user: 'c', token: 'c', services });
    expect(store.size).toBe(2);
    expect(store.touch(second.id)).toBeUndefined();
    expect(store.touch(first.id)?.user).toBe('a');
  });
});
