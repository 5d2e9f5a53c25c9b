/** Exit codes shared by every `plinth` command (see ../shared/guide/quality.md). */
export const EXIT_OK = 0;
/** Findings: drift detected, policy violations at or above the threshold. */
export const EXIT_FINDINGS = 1;
/** Bad input: an invalid config, an unreadable file, a bad flag. */
export const EXIT_BAD_INPUT = 2;

/** An error whose message is for the user as it is (no stack trace), with the exit code to use. */
export class UserFacingError extends Error {
  constructor(message: string, readonly exitCode: number = EXIT_BAD_INPUT) {
    super(message);
    this.name = 'UserFacingError';
  }
}
