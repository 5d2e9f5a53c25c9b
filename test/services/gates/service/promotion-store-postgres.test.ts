import type { Database } from '../../../../services/kit/database/database';
import { applyMigrations, readMigrations } from '../../../../services/kit/database/migrations';
import { openDatabase } from '../../../../services/kit/database/open-database';
import { ServiceError } from '../../../../services/kit/server/errors';
import { decide } from '../../../../services/gates/decision/decide';
import { gateReport } from '../../../../services/gates/decision/gate-report';
import type { Evaluation } from '../../../../services/gates/evaluate/evaluate-models';
import { type GatePolicy, gatePolicySchema } from '../../../../services/gates/policy/policy-schema';
import type { NamedReport } from '../../../../services/gates/registry/promotion';
import { MIGRATIONS_DIR } from '../../../../services/gates/service/gates-server';
import { type NewPromotion, PromotionStore, type StoredPromotion } from '../../../../services/gates/service/promotion-store';
import { POSTGRES_TOOLS, type PostgresCluster, startPostgres } from '../../../support/postgres-cluster';
import { requireTools } from '../../../support/tools';

const postgres = requireTools(POSTGRES_TOOLS);
const describeWithPostgres = postgres.available ? describe : describe.skip;

/** As gates-server.ts names it: the gates' own bookkeeping table, so that they can share a database. */
const MIGRATIONS_TABLE = 'gates_schema_migrations';
const migrate = (db: Database) => applyMigrations(db, readMigrations(MIGRATIONS_DIR), MIGRATIONS_TABLE);

// The decision and report come from the real decide() and gateReport() over a minimal evaluation (no metrics,
// one lineage tag), so that they have every field the service stores and reads back, without running a model.
const EVALUATION: Evaluation = {
  holdout: { file: 'churn/holdout-2026-11.csv', rows: 80 },
  candidate: { file: '/tmp/candidate.onnx', sha256: 'ab'.repeat(32), sha256Verified: true, sizeBytes: 1234, metrics: new Map(), slices: [] },
};
const TAGS = { git_commit: '3f2a9c1', note: 'modèle ☃ "quoted" \\ 😀' };

function decisionAt(risk: GatePolicy['risk'], required: readonly string[]) {
  const policy = gatePolicySchema.parse({ task: 'classification', label: 'churned', features: { columns: ['tenure'] }, risk, lineage: { required } });
  return decide(policy, EVALUATION, TAGS);
}

function reportOf(decision: ReturnType<typeof decide>): NamedReport {
  const plain = gateReport(decision, EVALUATION, TAGS);
  return { ...plain, candidate: { ...plain.candidate, file: 'mlflow-artifacts:/1/abc/artifacts/model.onnx' } };
}

function newPromotion(model: string, version: string, status: NewPromotion['status'], more: Partial<NewPromotion> = {}): NewPromotion {
  // A failed decision needs a gate that fails: a lineage tag the version does not carry.
  const decision = decisionAt(status === 'pending-approval' ? 'high' : 'low', status === 'failed' ? ['git_commit', 'dataset'] : ['git_commit']);
  return {
    model,
    version,
    status,
    risk: decision.risk,
    requestedBy: 'ci',
    reportUri: `mlflow-artifacts:/reports/${model}-${version}.json`,
    decision,
    lineage: { git_commit: '3f2a9c1' },
    report: reportOf(decision),
    target: { repository: 's3://models/triton', maxBatchSize: 16 },
    ...more,
  };
}

const conflictError = (message: string | RegExp) => expect.objectContaining({ name: 'ServiceError', kind: 'conflict', message: typeof message === 'string' ? message : expect.stringMatching(message) });

describeWithPostgres('PromotionStore on a real PostgreSQL server', () => {
  let cluster: PostgresCluster;
  let url: string;
  let db: Database;
  let store: PromotionStore;
  let firstMigration: string[];

  beforeAll(async () => {
    cluster = await startPostgres();
    url = await cluster.createDatabase('gates_store');
    db = openDatabase(url);
    firstMigration = await migrate(db);
    store = new PromotionStore(db);
  }, 60_000);
  afterAll(async () => {
    await db?.close();
    await cluster?.stop();
  });

  it('applies the gates migrations once: a second replica starting applies nothing, and two starting together apply them once', async () => {
    expect(firstMigration).toEqual(['001-promotions']);
    const replica = openDatabase(url);
    try {
      expect(await migrate(replica)).toEqual([]);
    } finally {
      await replica.close();
    }
    expect(await db.query(`SELECT id FROM ${MIGRATIONS_TABLE}`)).toEqual([{ id: '001-promotions' }]);

    const fresh = await cluster.createDatabase('gates_replicas');
    const [a, b] = [openDatabase(fresh), openDatabase(fresh)];
    try {
      const applied = await Promise.all([migrate(a), migrate(b)]);
      expect(applied.map((ids) => ids.length).sort()).toEqual([0, 1]);
      expect(await a.query(`SELECT id FROM ${MIGRATIONS_TABLE}`)).toEqual([{ id: '001-promotions' }]);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('stores a promotion and reads it back whole: the decision, report, lineage and target JSON round-trip', async () => {
    const asked = newPromotion('roundtrip', '7', 'pending-approval', { championVersion: '3', requestedBy: 'alice' });
    const created = await store.create(asked);
    expect(created).toEqual({
      id: expect.any(Number),
      model: 'roundtrip',
      version: '7',
      status: 'pending-approval',
      risk: 'high',
      requested_by: 'alice',
      requested_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      champion_version: '3',
      report_uri: 'mlflow-artifacts:/reports/roundtrip-7.json',
      decision: asked.decision,
      lineage: asked.lineage,
      report: asked.report,
      target: asked.target,
    });
    // What the service needs later, not just equal by accident: the high-risk pass that waits for an approver.
    expect(created.decision).toMatchObject({ verdict: 'pass', risk: 'high', approval: { required: true } });
    expect(created.report.tags.note).toBe(TAGS.note);
    expect(await store.get(created.id)).toEqual(created);
    expect(await store.get(created.id + 1_000_000)).toBeUndefined();
    expect(await store.pendingOf('roundtrip', '7')).toEqual(created);
    expect(await store.pendingOf('roundtrip', '8')).toBeUndefined();
  });

  it('lists newest first, filtered by model and status, in pages with `before`', async () => {
    const made: StoredPromotion[] = [];
    for (let version = 1; version <= 5; version++) made.push(await store.create(newPromotion('listed', String(version), version % 2 === 0 ? 'failed' : 'pending-approval')));
    made.push(await store.create(newPromotion('listed-other', '1', 'failed')));
    const ids = (promotions: readonly StoredPromotion[]) => promotions.map((promotion) => promotion.id);
    const listed = made.slice(0, 5).reverse();

    expect(ids(await store.list({ model: 'listed', limit: 100 }))).toEqual(ids(listed));
    expect(ids(await store.list({ model: 'listed', status: 'failed', limit: 100 }))).toEqual(ids(listed.filter((promotion) => promotion.status === 'failed')));
    expect(ids(await store.list({ model: 'listed', status: 'promoted', limit: 100 }))).toEqual([]);
    // One version's promotions (the console's model page): of that model only, not of another model's same version.
    expect(ids(await store.list({ model: 'listed', version: '1', limit: 100 }))).toEqual([made[0]!.id]);
    expect(ids(await store.list({ version: '1', limit: 100 }))).toEqual([made[5]!.id, made[0]!.id]);
    expect(await store.list({ model: 'listed', version: '9', limit: 100 })).toEqual([]);
    expect((await store.list({ limit: 1 }))[0]!.id).toBe(made[5]!.id);

    const first = await store.list({ model: 'listed', limit: 2 });
    const second = await store.list({ model: 'listed', limit: 2, before: first.at(-1)!.id });
    const third = await store.list({ model: 'listed', limit: 2, before: second.at(-1)!.id });
    expect([first, second, third].map(ids)).toEqual([ids(listed.slice(0, 2)), ids(listed.slice(2, 4)), ids(listed.slice(4))]);
    expect(await store.list({ model: 'listed', limit: 2, before: third.at(-1)!.id })).toEqual([]);
    // The list answers the same JSON as get: the summaries are built from it.
    expect(first[0]).toEqual(await store.get(first[0]!.id));
  });

  it('refuses a second open promotion of a version with the conflict error; failed ones and an open one coexist', async () => {
    const open = await store.create(newPromotion('unique', '3', 'pending-approval'));
    const second = store.create(newPromotion('unique', '3', 'pending-approval', { requestedBy: 'bob' }));
    await expect(second).rejects.toBeInstanceOf(ServiceError);
    await expect(second).rejects.toEqual(conflictError(/^'unique' version 3 already has a promotion waiting for an approver: approve or reject it \(GET \/api\/gates\/promotions\?model=unique&status=pending-approval\)$/));
    // 'promoting' is open too: a request completing at once cannot start while an approval is being published.
    await expect(store.create(newPromotion('unique', '3', 'promoting'))).rejects.toEqual(conflictError(/already has a promotion waiting/));

    const failedBefore = await store.create(newPromotion('unique', '3', 'failed'));
    const failedAfter = await store.create(newPromotion('unique', '3', 'failed'));
    expect(await store.create(newPromotion('unique', '4', 'pending-approval'))).toMatchObject({ version: '4', status: 'pending-approval' });
    expect(await store.create(newPromotion('unique-too', '3', 'pending-approval'))).toMatchObject({ model: 'unique-too', status: 'pending-approval' });
    expect((await store.list({ model: 'unique', limit: 100 })).filter((promotion) => promotion.version === '3').map((promotion) => promotion.status).sort()).toEqual([
      'failed',
      'failed',
      'pending-approval',
    ]);
    // The refused requests left nothing behind: neither a row nor an audit event.
    const requests = (await store.events({ model: 'unique', after: 0, limit: 1000 })).filter((event) => event.details.version === '3');
    expect(requests.map((event) => event.resource)).toEqual([open, failedBefore, failedAfter].map((promotion) => `models/unique/promotions/${promotion.id}`));

    // Once decided, the version may wait for an approver again.
    await store.finish(open.id, 'pending-approval', { status: 'rejected', decidedBy: 'bob', comment: 'not yet' }, 'bob', 'reject');
    expect(await store.create(newPromotion('unique', '3', 'pending-approval'))).toMatchObject({ status: 'pending-approval' });
  });

  it('claims with a compare-and-set: of two concurrent claims on separate connections exactly one wins, every time', async () => {
    const replica = openDatabase(url);
    const other = new PromotionStore(replica);
    try {
      for (let round = 0; round < 8; round++) {
        const waiting = await store.create(newPromotion('claimed', String(round + 1), 'pending-approval'));
        // Even rounds: two connections of one pool (two approvers on one replica); odd rounds: two replicas.
        const rival = round % 2 === 0 ? store : other;
        const claims = await Promise.all([
          store.claim(waiting.id, 'pending-approval', 'alice', 'approve', { comment: 'a' }),
          rival.claim(waiting.id, 'pending-approval', 'bob', 'approve', { comment: 'b' }),
        ]);
        const won = claims.filter((claim) => claim !== undefined);
        expect(won).toHaveLength(1);
        expect(won[0]).toMatchObject({ id: waiting.id, status: 'promoting' });
        expect((await store.get(waiting.id))!.status).toBe('promoting');
        const approvals = (await store.events({ promotion: waiting, after: 0, limit: 100 })).filter((event) => event.action === 'approve');
        expect(approvals).toHaveLength(1);
        expect(approvals[0]!.actor).toBe(claims[0] ? 'alice' : 'bob');
      }
    } finally {
      await replica.close();
    }
  });

  it('finishes only from the state the caller saw: from another, the conflict error and nothing changes', async () => {
    const failed = await store.create(newPromotion('finished', '1', 'failed'));
    expect(failed.decision.verdict).toBe('fail');
    const eventsBefore = await store.events({ promotion: failed, after: 0, limit: 100 });
    const refused = store.finish(failed.id, 'pending-approval', { status: 'rejected', decidedBy: 'bob', comment: 'no' }, 'bob', 'reject');
    await expect(refused).rejects.toBeInstanceOf(ServiceError);
    await expect(refused).rejects.toEqual(conflictError(`promotion ${failed.id} is no longer pending-approval`));
    expect(await store.get(failed.id)).toEqual(failed);
    expect(await store.events({ promotion: failed, after: 0, limit: 100 })).toEqual(eventsBefore);

    const waiting = await store.create(newPromotion('finished', '2', 'pending-approval'));
    const claimed = (await store.claim(waiting.id, 'pending-approval', 'bob', 'approve', {}))!;
    expect(await store.claim(waiting.id, 'pending-approval', 'carol', 'approve', {})).toBeUndefined();
    const promoted = await store.finish(claimed.id, 'promoting', { status: 'promoted', decidedBy: 'bob', comment: 'ok', modelCardUri: 'mlflow-artifacts:/cards/2.md' }, 'bob', 'approved', {
      card: 'mlflow-artifacts:/cards/2.md',
    });
    expect(promoted).toMatchObject({ status: 'promoted', decided_by: 'bob', comment: 'ok', model_card_uri: 'mlflow-artifacts:/cards/2.md', decided_at: expect.any(String) });
    await expect(store.finish(claimed.id, 'promoting', { status: 'incomplete', detail: 'late' }, 'carol', 'approved-failed')).rejects.toEqual(conflictError(`promotion ${claimed.id} is no longer promoting`));
    expect((await store.get(claimed.id))!.status).toBe('promoted');
  });

  it('keeps the audit trail append-only in the database itself: UPDATE, DELETE and TRUNCATE are refused', async () => {
    await store.create(newPromotion('audited', '1', 'failed'));
    const before = await db.query('SELECT * FROM gate_audit_events ORDER BY event_id');
    expect(before.length).toBeGreaterThan(0);
    await expect(db.query("UPDATE gate_audit_events SET actor = 'someone else'")).rejects.toThrow('gate_audit_events is append-only');
    await expect(db.query("UPDATE gate_audit_events SET details = '{}' WHERE resource LIKE 'models/audited/%'")).rejects.toThrow('gate_audit_events is append-only');
    await expect(db.query('DELETE FROM gate_audit_events')).rejects.toThrow('gate_audit_events is append-only');
    await expect(db.query('TRUNCATE gate_audit_events')).rejects.toThrow('gate_audit_events is append-only');
    // Inside a transaction as well: the refusal rolls the whole transaction back.
    await expect(
      db.transaction(async (tx) => {
        await tx.query("INSERT INTO gate_audit_events (actor, action, resource) VALUES ('mallory', 'cover-up', 'models/audited')");
        await tx.query("DELETE FROM gate_audit_events WHERE actor = 'ci'");
      }),
    ).rejects.toThrow('gate_audit_events is append-only');
    expect(await db.query('SELECT * FROM gate_audit_events ORDER BY event_id')).toEqual(before);
  });

  it('reads the audit trail back per model and per promotion, oldest first, without a neighbour’s events', async () => {
    // 'trail' and 'trail2' share a prefix; promotion ids 1 and 1x share one as well once there are ten.
    const trail: StoredPromotion[] = [];
    for (let version = 1; version <= 11; version++) trail.push(await store.create(newPromotion('trail', String(version), 'failed')));
    const neighbour = await store.create(newPromotion('trail2', '1', 'failed'));
    const waiting = await store.create(newPromotion('trail', '12', 'pending-approval', { requestedBy: 'alice' }));
    const claimed = (await store.claim(waiting.id, 'pending-approval', 'bob', 'approve', { comment: 'fine' }))!;
    await store.finish(claimed.id, 'promoting', { status: 'promoted', decidedBy: 'bob' }, 'bob', 'approved', { card: 'c' });
    await store.note(claimed, 'gates', 'notify', { outcome: 'delivered' });

    const ofModel = await store.events({ model: 'trail', after: 0, limit: 1000 });
    expect(ofModel).toHaveLength(trail.length + 4);
    expect(ofModel.every((event) => event.resource.startsWith('models/trail/promotions/'))).toBe(true);
    expect(ofModel.map((event) => event.id)).toEqual([...ofModel.map((event) => event.id)].sort((a, b) => a - b));
    expect(ofModel.some((event) => event.resource === `models/trail2/promotions/${neighbour.id}`)).toBe(false);

    const ofWaiting = await store.events({ promotion: waiting, after: 0, limit: 100 });
    expect(ofWaiting.map((event) => [event.actor, event.action, event.details.status ?? null])).toEqual([
      ['alice', 'request', 'pending-approval'],
      ['bob', 'approve', null],
      ['bob', 'approved', 'promoted'],
      ['gates', 'notify', null],
    ]);
    expect(ofWaiting[0]).toEqual({
      id: expect.any(Number),
      time: expect.stringMatching(/Z$/),
      actor: 'alice',
      action: 'request',
      resource: `models/trail/promotions/${waiting.id}`,
      details: { model: 'trail', version: '12', verdict: 'pass', status: 'pending-approval', report: 'mlflow-artifacts:/reports/trail-12.json' },
    });
    expect(ofWaiting[1]!.details).toEqual({ model: 'trail', version: '12', comment: 'fine' });

    const first = trail[0]!;
    const ofFirst = await store.events({ promotion: first, after: 0, limit: 100 });
    expect(ofFirst.map((event) => event.resource)).toEqual([`models/trail/promotions/${first.id}`]);
    // Paging: after the previous page's last id, oldest first.
    const page = await store.events({ model: 'trail', after: ofModel[2]!.id, limit: 3 });
    expect(page).toEqual(ofModel.slice(3, 6));
  });
});
