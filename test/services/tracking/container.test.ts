import * as path from 'node:path';
import { describeServiceContainer } from '../../support/service-container';

describeServiceContainer({
  service: 'tracking',
  serveArgs: (bundle) => ['--database-url', 'memory:', '--artifacts', path.join(bundle, 'artifacts')],
  probe: (baseUrl) =>
    fetch(`${baseUrl}/api/2.0/mlflow/experiments/create`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name": "from-the-bundle"}' }).then((response) =>
      response.json(),
    ),
  check: (created) => expect(created).toEqual({ experiment_id: '1' }),
});
