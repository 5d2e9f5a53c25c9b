import { AuditTrail } from '../../kit/database/audit-log';

/** The model registry's audit trail: every registry change, who made it and what it changed. */
export const registryAudit = new AuditTrail('audit_events');

export function modelResource(name: string, version?: number | string): string {
  return version === undefined ? `registered-models/${name}` : `registered-models/${name}/versions/${version}`;
}
