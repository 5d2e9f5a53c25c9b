import type { BlueprintName } from '../core/config/schema';
import type { AnyBlueprint } from './blueprint';
import { llmRagBlueprint } from './llm-rag';
import { realtimeBlueprint } from './realtime';
import { startupBlueprint } from './startup';

/** Blueprints by the name platform.yaml uses; the ones still missing are refused before synth. */
export const BLUEPRINTS: Partial<Record<BlueprintName, AnyBlueprint>> = {
  startup: startupBlueprint,
  realtime: realtimeBlueprint,
  'llm-rag': llmRagBlueprint,
};
