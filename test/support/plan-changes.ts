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
  /** Attributes that change only because their new value is known after apply: consequences of a change upstream. */
  readonly unknown: readonly string[];
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
        ? [...new Set(replacePaths.map((p) => String(p[0])))].filter((key) => unknown[key] !== true)
        : Object.keys({ ...before, ...after }).filter(
            (key) => unknown[key] !== true && JSON.stringify(before?.[key] ?? null) !== JSON.stringify(after?.[key] ?? null),
          );
      const unknownAttributes = Object.keys(unknown).filter((key) => unknown[key] === true && before?.[key] !== undefined && before[key] !== null);
      return { address: rc.address, type: rc.type, actions: rc.change.actions, attributes, unknown: unknownAttributes };
    });
}

type Gaps = Readonly<Record<string, Readonly<Record<string, string>>>>;

/**
 * Changes with no cause of their own, only values known after apply, while a gap of the emulator
 * replaces a resource in the same plan: the replaced resource's new attributes flow into them.
 */
export function downstreamOfGaps(changes: readonly PlannedChange[], gaps: Gaps): PlannedChange[] {
  const gapReplaces = changes.some(
    (change) => change.actions.includes('delete') && change.actions.includes('create') && change.attributes.length > 0 && change.attributes.every((attribute) => gaps[change.type]?.[attribute]),
  );
  return gapReplaces ? changes.filter((change) => change.attributes.length === 0 && change.unknown.length > 0) : [];
}

/** The changes not explained by a known gap of the emulator, as readable lines. */
export function unexplainedChanges(changes: readonly PlannedChange[], gaps: Gaps): string[] {
  const downstream = new Set(downstreamOfGaps(changes, gaps));
  return changes
    .filter((change) => !downstream.has(change))
    .map((change) => ({ change, unexplained: change.attributes.filter((attribute) => !gaps[change.type]?.[attribute]) }))
    .filter(({ change, unexplained }) => unexplained.length > 0 || change.attributes.length === 0)
    .map(({ change, unexplained }) => `${change.address} (${change.actions.join('/')}): ${unexplained.join(', ') || 'no attribute difference found'}`);
}
