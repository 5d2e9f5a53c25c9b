import { DatabaseBootstrapJob } from '../../../constructs/k8s/database-bootstrap-job';
import { PlatformNamespace } from '../../../constructs/k8s/platform-namespace';
import { PlinthService, type PlinthServiceProps } from '../../../constructs/k8s/plinth-service';
import type { StackJson } from '../../support/synth';
import { identity, synthK8sStack } from './k8s-synth';

/** The values the fixture is built with; tests compare the synthesized objects with them. */
export const FIXTURE = {
  namespace: 'plinth',
  service: 'tracking',
  port: 5000,
  scrapedFrom: 'plinth-monitoring',
  database: {
    cidr: '10.0.0.0/16',
    port: 5432,
    host: 'db.example.internal',
    adminSecretId: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!db-1',
    // What the AWS foundation's PostgresDatabase hands the bootstrap Job.
    server: { bootstrapServerArgs: ['--admin-secret', 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!db-1', '--host', 'db.example.internal', '--port', '5432'] },
  },
  version: '0.9.0',
  image: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/plinth-tracking:0.9.0',
} as const;

/** Tracking's arguments after its entrypoint, as the design's command line has them. */
export const TRACKING_ARGS = ['--database-url', `postgres://plinth_tracking@${FIXTURE.database.host}:5432/tracking?sslmode=verify-full`, '--database-iam-auth', 'aws', '--artifacts', 's3://bucket/tracking'];

/** The props tracking gets in the startup blueprint, as the lead wires them. */
export function trackingProps(namespace: PlatformNamespace): PlinthServiceProps {
  return {
    namespace,
    name: FIXTURE.service,
    image: FIXTURE.image,
    port: FIXTURE.port,
    args: TRACKING_ARGS,
    env: { AWS_REGION: 'eu-west-1' },
    identity: identity(FIXTURE.namespace, FIXTURE.service),
    egress: { database: { cidr: FIXTURE.database.cidr, port: FIXTURE.database.port }, cloudApis: true },
    scrapedFrom: FIXTURE.scrapedFrom,
  };
}

export interface Platform {
  readonly stack: StackJson;
  readonly tracking: PlinthService;
}

/** The namespace, tracking and tracking's bootstrap Job, in one synthesized stack. */
export function synthPlatform(): Platform {
  let tracking: PlinthService | undefined;
  const stack = synthK8sStack((s) => {
    const namespace = new PlatformNamespace(s, 'Namespace', { name: FIXTURE.namespace });
    const databaseBootstrap = new DatabaseBootstrapJob(s, 'TrackingDatabase', {
      namespace,
      service: FIXTURE.service,
      image: FIXTURE.image,
      identity: identity(FIXTURE.namespace, `${FIXTURE.service}-database-bootstrap`),
      database: FIXTURE.database,
      env: { AWS_REGION: 'eu-west-1' },
    });
    tracking = new PlinthService(s, 'Tracking', { ...trackingProps(namespace), databaseBootstrap });
  });
  return { stack, tracking: tracking! };
}
