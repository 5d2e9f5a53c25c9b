import type { BlueprintName, PlatformConfig } from '../core/config/schema';

type CloudName = PlatformConfig['cloud']['provider'];

/**
 * The blueprints synth can build on each cloud: the keys of BLUEPRINTS and CLOUD_KITS, written out so that
 * `plinth config validate` can say what synth will refuse without loading cdktf, the providers and every
 * construct (about 0.9 s). test/stacks/platform-app.test.ts keeps them equal.
 */
export const IMPLEMENTED: Readonly<Record<CloudName, readonly BlueprintName[]>> = {
  aws: ['startup', 'realtime', 'llm-rag'],
  gcp: ['startup', 'realtime', 'llm-rag'],
};

export const IMPLEMENTED_BLUEPRINTS: readonly BlueprintName[] = [...new Set(Object.values(IMPLEMENTED).flat())];
export const IMPLEMENTED_CLOUDS: readonly CloudName[] = (Object.keys(IMPLEMENTED) as CloudName[]).filter((cloud) => IMPLEMENTED[cloud].length > 0);

/**
 * Why a valid config cannot be synthesized yet, or undefined when it can. The schema already
 * accepts every planned blueprint and cloud; synth refuses the missing ones as a whole rather than
 * emitting half a platform.
 */
export function implementationGap(config: PlatformConfig): string | undefined {
  const cloud = config.cloud.provider;
  if (IMPLEMENTED[cloud].includes(config.blueprint)) return undefined;
  return `blueprint "${config.blueprint}" on cloud "${cloud}" is not implemented yet (on ${cloud}: ${IMPLEMENTED[cloud].join(', ') || 'none yet'})`;
}
