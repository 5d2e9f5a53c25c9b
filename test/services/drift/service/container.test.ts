import { describeServiceContainer } from '../../../support/service-container';

const csv = ['x,city', ...Array.from({ length: 200 }, (_, i) => `${i % 50},${['paris', 'lyon'][i % 2]}`)].join('\n');

describeServiceContainer({
  service: 'drift',
  serveArgs: () => ['--database-url', 'memory:'],
  probe: async (baseUrl) => {
    const response = await fetch(`${baseUrl}/api/drift/models/churn/reference`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: csv });
    const summary = (await response.json()) as { model: string; rows: number };
    return { status: response.status, model: summary.model, rows: summary.rows };
  },
  check: (registered) => expect(registered).toEqual({ status: 201, model: 'churn', rows: 200 }),
});
