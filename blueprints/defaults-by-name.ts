import type { BlueprintName } from '../core/config/schema';
import type { BlueprintDefaults } from './defaults';
import { LLM_RAG_DEFAULTS } from './llm-rag/defaults';
import { REALTIME_DEFAULTS } from './realtime/defaults';
import { STARTUP_DEFAULTS } from './startup/defaults';

/**
 * Every blueprint's defaults by its platform.yaml name, implemented or not: the schema checks a
 * config against them (which capabilities a blueprint offers) and the README renders them.
 */
export const BLUEPRINT_DEFAULTS: Readonly<Record<BlueprintName, BlueprintDefaults>> = {
  startup: STARTUP_DEFAULTS,
  realtime: REALTIME_DEFAULTS,
  'llm-rag': LLM_RAG_DEFAULTS,
};
