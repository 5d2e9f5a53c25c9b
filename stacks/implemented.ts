import type { PlatformConfig } from './config/schema';

/** Blueprints and clouds the schema accepts that Plinth can already build; the rest are planned. */
const IMPLEMENTED = { blueprints: ['startup'], clouds: ['aws'] } as const;

/**
 * Why a valid config cannot be synthesized yet, or undefined when it can. Synth refuses such a
 * config as a whole rather than emitting half a platform.
 */
export function implementationGap(config: PlatformConfig): string | undefined {
  const gaps: string[] = [];
  if (!(IMPLEMENTED.blueprints as readonly string[]).includes(config.blueprint)) {
    gaps.push(`blueprint "${config.blueprint}" is not implemented yet (available: ${IMPLEMENTED.blueprints.join(', ')})`);
  }
  if (!(IMPLEMENTED.clouds as readonly string[]).includes(config.cloud.provider)) {
    gaps.push(`cloud "${config.cloud.provider}" is not implemented yet (available: ${IMPLEMENTED.clouds.join(', ')})`);
  }
  return gaps.length > 0 ? gaps.join('; ') : undefined;
}
