import { Counter, Gauge, type Registry } from 'prom-client';
import type { TriggerOutcome } from './monitor/drift-store';
import type { DriftReport } from './report';

const TRIGGER_OUTCOMES: readonly TriggerOutcome[] = ['delivered', 'rejected', 'failed', 'suppressed'];

/**
 * The drift service's Prometheus metrics. The names and labels are a contract with the monitoring stack's
 * alert rules (services/drift/README.md lists them): change them only with the rules.
 */
export class DriftMetrics {
  private readonly score: Gauge<'model' | 'column' | 'stattest'>;
  private readonly detected: Gauge<'model' | 'column'>;
  private readonly datasetShare: Gauge<'model'>;
  private readonly datasetDetected: Gauge<'model'>;
  private readonly rows: Counter<'model'>;
  private readonly triggers: Counter<'model' | 'outcome'>;
  private readonly embeddingDistance: Gauge<'model' | 'embedding'>;
  private readonly embeddingShare: Gauge<'model' | 'embedding'>;
  private readonly embeddingDetected: Gauge<'model' | 'embedding'>;
  /** The column series each model's last report set, so that a column or test that disappears stops being exported. */
  private readonly columnSeries = new Map<string, { column: string; stattest: string }[]>();
  /** The embeddings each model's last report had, so that an embedding the new reference lacks stops being exported. */
  private readonly embeddingSeries = new Map<string, string[]>();

  constructor(registry: Registry) {
    const registers = [registry];
    this.score = new Gauge({
      name: 'plinth_drift_score',
      help: 'Drift score of a column in the latest report: the p-value for ks, chisquare and z, the distance for wasserstein, jensenshannon and psi.',
      labelNames: ['model', 'column', 'stattest'],
      registers,
    });
    this.detected = new Gauge({
      name: 'plinth_drift_detected',
      help: '1 when the column drifted in the latest report, else 0.',
      labelNames: ['model', 'column'],
      registers,
    });
    this.datasetShare = new Gauge({
      name: 'plinth_dataset_drift_share',
      help: 'Share of the columns that drifted in the latest report (0 to 1).',
      labelNames: ['model'],
      registers,
    });
    this.datasetDetected = new Gauge({
      name: 'plinth_dataset_drift_detected',
      help: '1 when the dataset drifted in the latest report (at least the drift share of its columns drifted), else 0.',
      labelNames: ['model'],
      registers,
    });
    this.rows = new Counter({
      name: 'plinth_drift_rows_total',
      help: 'Rows of current data accepted for the model.',
      labelNames: ['model'],
      registers,
    });
    this.triggers = new Counter({
      name: 'plinth_drift_retraining_triggers_total',
      help: 'Retraining triggers by outcome: delivered, rejected (4xx), failed (retries exhausted), suppressed (cool-down or in flight).',
      labelNames: ['model', 'outcome'],
      registers,
    });
    this.embeddingDistance = new Gauge({
      name: 'plinth_embedding_drift_centroid_distance',
      help: 'Euclidean distance between the reference and current centroids of an embedding column in the latest report.',
      labelNames: ['model', 'embedding'],
      registers,
    });
    this.embeddingShare = new Gauge({
      name: 'plinth_embedding_drift_share',
      help: 'Share of the components of an embedding column that drifted (normalised Wasserstein distance) in the latest report (0 to 1).',
      labelNames: ['model', 'embedding'],
      registers,
    });
    this.embeddingDetected = new Gauge({
      name: 'plinth_embedding_drift_detected',
      help: '1 when the embedding column drifted in the latest report (by centroid distance or by drifted share), else 0.',
      labelNames: ['model', 'embedding'],
      registers,
    });
  }

  recordRows(model: string, rows: number): void {
    this.initialise(model);
    this.rows.inc({ model }, rows);
  }

  recordReport(model: string, report: DriftReport): void {
    this.initialise(model);
    const series = Object.entries(report.columns).map(([column, result]) => ({ column, stattest: result.stattest }));
    for (const old of this.columnSeries.get(model) ?? []) {
      if (!series.some((s) => s.column === old.column && s.stattest === old.stattest)) this.score.remove({ model, ...old });
      if (!series.some((s) => s.column === old.column)) this.detected.remove({ model, column: old.column });
    }
    this.columnSeries.set(model, series);
    for (const [column, result] of Object.entries(report.columns)) {
      this.score.set({ model, column, stattest: result.stattest }, result.p_value ?? result.statistic);
      this.detected.set({ model, column }, result.drifted ? 1 : 0);
    }
    this.datasetShare.set({ model }, report.dataset.drifted_share);
    this.datasetDetected.set({ model }, report.dataset.drifted ? 1 : 0);
    this.recordEmbeddings(model, report);
  }

  private recordEmbeddings(model: string, report: DriftReport): void {
    const embeddings = Object.entries(report.embeddings ?? {});
    for (const old of this.embeddingSeries.get(model) ?? []) {
      if (report.embeddings?.[old] !== undefined) continue;
      for (const gauge of [this.embeddingDistance, this.embeddingShare, this.embeddingDetected]) gauge.remove({ model, embedding: old });
    }
    this.embeddingSeries.set(model, embeddings.map(([name]) => name));
    for (const [embedding, result] of embeddings) {
      this.embeddingDistance.set({ model, embedding }, result.centroid_distance.value);
      this.embeddingShare.set({ model, embedding }, result.drifted_components.share);
      this.embeddingDetected.set({ model, embedding }, result.drifted ? 1 : 0);
    }
  }

  recordTrigger(model: string, outcome: TriggerOutcome): void {
    this.initialise(model);
    this.triggers.inc({ model, outcome });
  }

  /** Counters start at 0 for every model and outcome: `increase()` in an alert rule needs the series before the first event. */
  private initialise(model: string): void {
    if (this.columnSeries.has(model)) return;
    this.columnSeries.set(model, []);
    this.rows.inc({ model }, 0);
    for (const outcome of TRIGGER_OUTCOMES) this.triggers.inc({ model, outcome }, 0);
  }
}
