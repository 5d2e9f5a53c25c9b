/** Where a chart is pulled from: a classic HTTPS chart repository or an OCI registry. */
export type ChartRepository = `https://${string}` | `oci://${string}`;

declare const valuesOf: unique symbol;

/**
 * A Helm chart Plinth installs, pinned to one exact version. `TValues` is the TypeScript shape of
 * the values Plinth sets on it: a release of this chart only accepts values of that shape.
 */
export interface HelmChart<TValues extends object> {
  /** Chart name in its repository. */
  readonly chart: string;
  readonly repository: ChartRepository;
  /** Exact chart version (no ranges): an upgrade is a reviewed change to the catalogue. */
  readonly version: string;
  /** Version of the software the chart installs, for the README. */
  readonly appVersion: string;
  /** Why Plinth installs it, one sentence, shown in the README. */
  readonly why: string;
  /** Where its values are documented, for whoever extends the typed values. */
  readonly valuesReference: string;
  /** Type-only: ties the chart to its values type. Never set. */
  readonly [valuesOf]?: TValues;
}
