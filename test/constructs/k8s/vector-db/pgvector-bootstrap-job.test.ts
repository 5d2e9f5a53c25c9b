import { DatabaseBootstrapJob } from '../../../../constructs/k8s/database-bootstrap-job';
import { PlatformNamespace } from '../../../../constructs/k8s/platform-namespace';
import { identity, manifestOf, synthK8sStack } from '../k8s-synth';
import { FIXTURE } from '../platform-fixture';

/** pgvector's database for an app team's RAG code: no Plinth service owns it, tracking's image runs the command. */
function synthJob(extensions: string[]) {
  return synthK8sStack((s) => {
    const namespace = new PlatformNamespace(s, 'Namespace', { name: 'plinth' });
    new DatabaseBootstrapJob(s, 'RagDatabase', {
      namespace,
      service: 'vectors',
      bundle: 'tracking',
      image: 'plinth-tracking:1.0.0',
      identity: identity('plinth', 'vectors-database-bootstrap'),
      database: { ...FIXTURE.database, extensions },
    });
  });
}

describe('pgvector: the bootstrap Job enables extensions in the service database', () => {
  it("runs tracking's bundle for the vectors database and passes each extension as --extension after the database and role", () => {
    const container = manifestOf(synthJob(['vector', 'pg_trgm']), 'Job', 'vectors-database-bootstrap').spec.template.spec.containers[0];
    expect(container.command).toEqual(['node', '/app/tracking.cjs']);
    expect(container.args.slice(-8)).toEqual(['--database', 'vectors', '--role', 'plinth_vectors', '--extension', 'vector', '--extension', 'pg_trgm']);
  });

  it('refuses a name the command would refuse, naming the prop', () => {
    expect(() => synthJob(['pgvector; DROP'])).toThrow(
      'DatabaseBootstrapJob test/RagDatabase: database.extensions: "pgvector; DROP" is not an extension name (lower-case letters, digits and _, starting with a letter or _)',
    );
  });
});
