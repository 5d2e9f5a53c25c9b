import { BLUEPRINTS } from '../blueprints';
import { CLOUD_KITS } from './cloud-kits';
import type { PlatformConfig } from '../core/config/schema';

/**
 * Why a valid config cannot be synthesized yet, or undefined when it can. The schema already
 * accepts every planned blueprint and cloud; synth refuses the missing ones as a whole rather than
 * emitting half a platform.
 */
export function implementationGap(config: PlatformConfig): string | undefined {
  const gaps: string[] = [];
  if (!BLUEPRINTS[config.blueprint]) {
    gaps.push(`blueprint "${config.blueprint}" is not implemented yet (available: ${Object.keys(BLUEPRINTS).join(', ')})`);
  }
  if (!CLOUD_KITS[config.cloud.provider]) {
    gaps.push(`cloud "${config.cloud.provider}" is not implemented yet (available: ${Object.keys(CLOUD_KITS).join(', ')})`);
  }
  return gaps.length > 0 ? gaps.join('; ') : undefined;
}
