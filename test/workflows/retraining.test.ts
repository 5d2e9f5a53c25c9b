import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { DriftReport } from '../../services/drift/report';
import { webhookRequest } from '../../services/drift/retraining/webhook-request';
import { REPO_ROOT } from '../support/synth';
import { workflowFiles } from './workflow-files';

/** What the drift service sends GitHub for a drifted report with embedding columns (every field there is). */
function dispatchBody(): { event_type: string; client_payload: Record<string, unknown> } {
  const report = {
    dataset: 'churn-2026-11',
    columns: { age: { drifted: true }, tenure: { drifted: false } },
    embeddings: { description: { drifted: true } },
  } as unknown as DriftReport;
  const request = webhookRequest(
    { url: 'https://api.github.com/repos/acme/ml/dispatches', format: 'github' },
    {
      model: 'churn',
      reason: 'drift',
      report: { id: 'report-9', model: 'churn', reference_id: 'ref-1', created_at: '2026-12-01T00:00:00Z', window_rows: 100, rows_seen: 1000, report },
      idempotencyKey: 'churn:report-9',
      triggeredAt: new Date('2026-12-01T00:00:00Z'),
    },
    'token',
  );
  return JSON.parse(request.body) as { event_type: string; client_payload: Record<string, unknown> };
}

describe('the retraining workflow takes what the drift service sends', () => {
  const workflow = workflowFiles().find((file) => file.file.endsWith('retraining.yml'))!;
  const body = dispatchBody();

  it('starts on the repository_dispatch type the drift service sends', () => {
    expect((workflow.doc.on as { repository_dispatch: { types: string[] } }).repository_dispatch.types).toEqual([body.event_type]);
  });

  it('reads every client_payload field the drift service sends, and no other', () => {
    const read = new Set([...workflow.text.matchAll(/github\.event\.client_payload\.([a-z_]+)/g)].map((match) => match[1]));
    expect([...read].sort()).toEqual(Object.keys(body.client_payload).sort());
  });

  it('hands each field to the training job as a variable, which the placeholder documents', () => {
    const job = (workflow.doc.jobs as Record<string, { env: Record<string, string> }>).train;
    const script = readFileSync(path.join(REPO_ROOT, '.github', 'scripts', 'retrain.sh'), 'utf8');
    for (const field of Object.keys(body.client_payload)) {
      const variable = Object.keys(job.env).find((name) => job.env[name].includes(`client_payload.${field})`) || job.env[name].includes(`client_payload.${field} }}`));
      expect({ field, variable: variable ?? 'none' }).toEqual({ field, variable: field.toUpperCase() });
      expect(script).toContain(variable!);
    }
    expect(script).toMatch(/^# PLACEHOLDER/m);
  });
});
