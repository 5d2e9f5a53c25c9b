/** Exit codes shared by every `plinth` command (see ../shared/guide/quality.md). */
export const EXIT_OK = 0;
/** Findings: drift detected, policy violations at or above the threshold. */
export const EXIT_FINDINGS = 1;
/** Bad input: an invalid config, an unreadable file, a bad flag. */
export const EXIT_BAD_INPUT = 2;
/**
 * The environment is not ready: a database that cannot be reached or refuses the login, a port in
 * use, a folder that cannot be written. Nothing is wrong with the command; retrying after fixing
 * the environment works.
 */
export const EXIT_UNAVAILABLE = 3;

/** What `plinth --help` says about exit codes; an unexpected error (a bug) exits 1 as well. */
export const EXIT_CODES_HELP = `Exit codes:
  0  success
  1  findings (drift detected, policy violations), or an unexpected error
  2  bad input: an invalid config, an unreadable file, a bad flag
  3  environment unavailable: database unreachable or login refused, port in use, folder not writable

Add --verbose to any command for the stack trace behind an error.`;

/**
 * An error whose message is for the user as it is (no stack trace), with the exit code to use.
 * `cause`, when given, is what --verbose shows.
 */
export class UserFacingError extends Error {
  constructor(message: string, readonly exitCode: number = EXIT_BAD_INPUT, options?: ErrorOptions) {
    super(message, options);
    this.name = 'UserFacingError';
  }
}
