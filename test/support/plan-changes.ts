/** The parts of `terraform show -json <plan>` the convergence check reads. */
export interface PlanJson {
  readonly resource_changes?: readonly {
    readonly address: string;
    readonly type: string;
    readonly change: {
      readonly actions: readonly string[];
      readonly before: Record<string, unknown> | null;
      readonly after: Record<string, unknown> | null;
      readonly after_unknown?: Record<string, unknown>;
      readonly replace_paths?: readonly (readonly (string | number)[])[];
    };
  }[];
}

/** A planned change and the top-level attributes that cause it. */
export interface PlannedChange {
  readonly address: string;
  readonly type: string;
  readonly actions: readonly string[];
  readonly attributes: readonly string[];
}

/**
 * Every resource a plan would touch, with the attributes that differ between state and config.
 * For a replacement, the attributes that force it; for an update, the attributes whose configured
 * value differs from the stored one (values only known after apply are consequences, not causes).
 */
export function plannedChanges(plan: PlanJson): PlannedChange[] {
  return (plan.resource_changes ?? [])
    .filter((rc) => !rc.change.actions.every((action) => action === 'no-op' || action === 'read'))
    .map((rc) => {
      const { before, after, after_unknown: unknown = {}, replace_paths: replacePaths } = rc.change;
      const attributes = replacePaths?.length
        ? [...new Set(replacePaths.map((p) => String(p[0])))]
        : Object.keys({ ...before, ...after }).filter(
            (key) => unknown[key] !== true && JSON.stringify(before?.[key] ?? null) !== JSON.stringify(after?.[key] ?? null),
          );
      return { address: rc.address, type: rc.type, actions: rc.change.actions, attributes };
    });
}

/** The changes not explained by a known gap of the emulator, as readable lines. */
export function unexplainedChanges(changes: readonly PlannedChange[], gaps: Readonly<Record<string, Readonly<Record<string, string>>>>): string[] {
  return changes
    .map((change) => ({ change, unexplained: change.attributes.filter((attribute) => !gaps[change.type]?.[attribute]) }))
    .filter(({ change, unexplained }) => unexplained.length > 0 || change.attributes.length === 0)
    .map(({ change, unexplained }) => `${change.address} (${change.actions.join('/')}): ${unexplained.join(', ') || 'no attribute difference found'}`);
}
