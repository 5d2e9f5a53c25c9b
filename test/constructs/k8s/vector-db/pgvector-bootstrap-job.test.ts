import { DatabaseBootstrapJob } from '../../../../constructs/k8s/database-bootstrap-job';
import { PlatformNamespace } from '../../../../constructs/k8s/platform-namespace';
import { identity, manifestOf, synthK8sStack } from '../k8s-synth';
import { FIXTURE } from '../platform-fixture';

function synthJob(extensions: string[]) {
  return synthK8sStack((s) => {
    const namespace = new PlatformNamespace(s, 'Namespace', { name: 'plinth' });
    new DatabaseBootstrapJob(s, 'RagDatabase', { namespace, service: 'rag', image: 'plinth-rag:1.0.0', identity: identity('plinth', 'rag-database-bootstrap'), database: { ...FIXTURE.database, extensions } });
  });
}

describe('pgvector: the bootstrap Job enables extensions in the service database', () => {
  it('passes each extension as --extension after the database and role', () => {
    const job = manifestOf(synthJob(['vector', 'pg_trgm']), 'Job', 'rag-database-bootstrap');
    expect(job.spec.template.spec.containers[0].args.slice(-8)).toEqual(['--database', 'rag', '--role', 'plinth_rag', '--extension', 'vector', '--extension', 'pg_trgm']);
  });

  it('refuses a name the command would refuse, naming the prop', () => {
    expect(() => synthJob(['pgvector; DROP'])).toThrow(
      'DatabaseBootstrapJob test/RagDatabase: database.extensions: "pgvector; DROP" is not an extension name (lower-case letters, digits and _, starting with a letter or _)',
    );
  });
});
