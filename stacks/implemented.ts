import type { BlueprintName, PlatformConfig } from '../core/config/schema';

/**
 * The blueprints and clouds synth can build: the keys of BLUEPRINTS and CLOUD_KITS, written out so
 * that `plinth config validate` can say what synth will refuse without loading cdktf, the providers
 * and every construct (about 0.9 s). test/stacks/platform-app.test.ts keeps them equal.
 */
export const IMPLEMENTED_BLUEPRINTS: readonly BlueprintName[] = ['startup', 'realtime', 'llm-rag'];
export const IMPLEMENTED_CLOUDS: readonly PlatformConfig['cloud']['provider'][] = ['aws'];

/**
 * Why a valid config cannot be synthesized yet, or undefined when it can. The schema already
 * accepts every planned blueprint and cloud; synth refuses the missing ones as a whole rather than
 * emitting half a platform.
 */
export function implementationGap(config: PlatformConfig): string | undefined {
  const gaps: string[] = [];
  if (!IMPLEMENTED_BLUEPRINTS.includes(config.blueprint)) {
    gaps.push(`blueprint "${config.blueprint}" is not implemented yet (available: ${IMPLEMENTED_BLUEPRINTS.join(', ')})`);
  }
  if (!IMPLEMENTED_CLOUDS.includes(config.cloud.provider)) {
    gaps.push(`cloud "${config.cloud.provider}" is not implemented yet (available: ${IMPLEMENTED_CLOUDS.join(', ')})`);
  }
  return gaps.length > 0 ? gaps.join('; ') : undefined;
}
