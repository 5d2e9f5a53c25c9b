import type { Resource } from '../../../engine/model';
import { fail, notApplicable, pass, unknown, type Verdict } from '../../../engine/rule';
import { blocks, isUnresolved } from '../../../engine/values';

/** A PostgreSQL Cloud SQL flag must hold one of `accepted`; other engines are not concerned. */
export function postgresFlagVerdict(instance: Resource, flag: string, accepted: readonly string[]): Verdict {
  const version = instance.values.database_version;
  if (isUnresolved(version)) return unknown('database_version', 'is only known after apply');
  if (typeof version !== 'string' || !version.includes('POSTGRES')) return notApplicable;
  const setting = blocks(instance.values, 'settings.database_flags').find((candidate) => candidate.name === flag);
  if (setting && accepted.includes(String(setting.value))) return pass;
  return fail(`settings.database_flags["${flag}"]`, `${setting ? `is "${String(setting.value)}"` : 'is not set'}; set it to ${accepted.map((value) => `"${value}"`).join(' or ')}`);
}
