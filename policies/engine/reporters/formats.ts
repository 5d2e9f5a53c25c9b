/**
 * Every `--format` of `plinth policy check`. Apart from the reporters so that the CLI lists them in
 * its help without loading the engine; REPORTERS must have exactly these keys.
 */
export const REPORT_FORMATS = ['text', 'json', 'sarif', 'markdown', 'junit'] as const;

export type ReportFormat = (typeof REPORT_FORMATS)[number];
