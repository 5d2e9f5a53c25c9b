import type { BlueprintName } from '../core/config/schema';
import type { AnyBlueprint } from './blueprint';

/**
 * Blueprints by the name platform.yaml uses, each loaded on first use; the ones still missing are
 * refused before synth. Loaded lazily because each blueprint loads its constructs and their provider
 * classes: a startup synth then skips the GPU, feature store, Triton and LLM modules (about 130
 * modules, 0.1 s of every `cdktf synth`).
 */
export const BLUEPRINTS: Partial<Record<BlueprintName, () => AnyBlueprint>> = {
  startup: () => (require('./startup') as typeof import('./startup')).startupBlueprint,
  realtime: () => (require('./realtime') as typeof import('./realtime')).realtimeBlueprint,
  'llm-rag': () => (require('./llm-rag') as typeof import('./llm-rag')).llmRagBlueprint,
};
