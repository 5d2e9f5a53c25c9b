import type { Report } from '../evaluate';
import type { Severity } from '../rule';
import type { ReportFormat } from './formats';
import { jsonReport } from './json';
import { junitReport } from './junit';
import { markdownReport } from './markdown';
import { sarifReport } from './sarif';
import { textReport } from './text';

export interface ReporterOptions {
  readonly failOn: Severity;
  /** Repository root: file paths in reports are relative to it. */
  readonly root: string;
  readonly version: string;
}

/** Every output format, by its `--format` name. */
export const REPORTERS = {
  text: textReport,
  json: jsonReport,
  sarif: sarifReport,
  markdown: markdownReport,
  junit: junitReport,
} as const satisfies Record<ReportFormat, (report: Report, options: ReporterOptions) => string>;
