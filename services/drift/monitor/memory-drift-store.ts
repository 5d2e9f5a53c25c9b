import type { CurrentWindow, DriftStore, ProfileSummary, ReferenceProfile, ReportPage, StoredReport, TriggerRecord, WindowRow } from './drift-store';

/** A DriftStore in process memory: for tests, and for a monitor whose state may vanish with the process. */
export class InMemoryDriftStore implements DriftStore {
  private readonly profiles = new Map<string, ReferenceProfile>();
  private readonly windows = new Map<string, CurrentWindow>();
  private readonly reports = new Map<string, StoredReport[]>();
  private readonly triggers = new Map<string, TriggerRecord[]>();

  async saveProfile({ valuesJson, ...profile }: ReferenceProfile): Promise<void> {
    this.profiles.set(profile.model, profile);
    this.windows.set(profile.model, { profileId: profile.id, rows: [], rowsSeen: 0 });
  }

  async loadProfile(model: string): Promise<ReferenceProfile | undefined> {
    return this.profiles.get(model);
  }

  async loadProfileSummary(model: string): Promise<ProfileSummary | undefined> {
    const profile = this.profiles.get(model);
    if (profile === undefined) return undefined;
    const { values, ...summary } = profile;
    return summary;
  }

  async listModels(): Promise<string[]> {
    return [...this.profiles.keys()].sort();
  }

  async appendToWindow(model: string, profileId: string, rows: readonly WindowRow[], keepRows: number): Promise<CurrentWindow | undefined> {
    const window = this.windows.get(model);
    if (window === undefined || window.profileId !== profileId) return undefined;
    const combined = [...window.rows, ...rows];
    const next = { profileId, rows: combined.slice(Math.max(0, combined.length - keepRows)), rowsSeen: window.rowsSeen + rows.length };
    this.windows.set(model, next);
    return next;
  }

  async readWindow(model: string): Promise<CurrentWindow | undefined> {
    return this.windows.get(model);
  }

  async saveReport(report: StoredReport): Promise<void> {
    this.reports.set(report.model, [...(this.reports.get(report.model) ?? []), report]);
  }

  async latestReport(model: string, profileId: string): Promise<StoredReport | undefined> {
    const reports = (this.reports.get(model) ?? []).filter((report) => report.reference_id === profileId);
    return reports.reduce<StoredReport | undefined>((latest, report) => (latest === undefined || report.rows_seen >= latest.rows_seen ? report : latest), undefined);
  }

  async listReports(model: string, profileId: string, { maxResults, beforeRowsSeen = Infinity }: ReportPage): Promise<StoredReport[]> {
    return (this.reports.get(model) ?? [])
      .filter((report) => report.reference_id === profileId && report.rows_seen < beforeRowsSeen)
      .sort((a, b) => b.rows_seen - a.rows_seen)
      .slice(0, maxResults);
  }

  async recordTrigger(record: TriggerRecord): Promise<void> {
    this.triggers.set(record.model, [record, ...(this.triggers.get(record.model) ?? [])]);
  }

  async listTriggers(model: string): Promise<TriggerRecord[]> {
    return [...(this.triggers.get(model) ?? [])];
  }

  async lastDeliveredTrigger(model: string): Promise<TriggerRecord | undefined> {
    return this.triggers.get(model)?.find((record) => record.outcome === 'delivered');
  }
}
