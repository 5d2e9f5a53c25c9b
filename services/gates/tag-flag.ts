import { UserFacingError } from '../../core/exit-codes';

/** `--tag name=value`, repeatable: a lineage tag of the candidate. The value may hold `=`; a name given twice is refused. */
export function parseTag(value: string, previous: Readonly<Record<string, string>> = {}): Record<string, string> {
  const at = value.indexOf('=');
  if (at <= 0) throw new UserFacingError(`--tag "${value}": expected name=value, e.g. --tag git_commit=3f2a9c1`);
  const name = value.slice(0, at);
  if (Object.hasOwn(previous, name)) throw new UserFacingError(`--tag ${name} is given twice; give each tag once`);
  return { ...previous, [name]: value.slice(at + 1) };
}
