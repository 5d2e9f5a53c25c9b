import { useState } from 'preact/hooks';
import { consoleJson } from './api';
import { describeError } from './components/status';
import type { Session } from './session';

/**
 * Sign-in with one of the services' bearer tokens. The token goes to the console once, in a POST body;
 * the console keeps it server-side and answers with an HttpOnly session cookie, so no script (and no
 * URL, history entry or log) ever holds it afterwards.
 */
export function LoginPage({ onSignedIn, reason }: { onSignedIn: (session: Session) => void; reason?: string }) {
  const [token, setToken] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const session = await consoleJson<Session>('session', { method: 'POST', body: { token } });
      setToken('');
      onSignedIn(session);
    } catch (failure) {
      setError(describeError(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main id="main" class="login">
      <h1>Plinth console</h1>
      {reason ? (
        <p role="status" class="notice">
          {reason}
        </p>
      ) : null}
      <form onSubmit={submit} class="stack">
        <label for="token">Token</label>
        <input id="token" name="token" type="password" autocomplete="off" spellcheck={false} value={token} onInput={(event) => setToken(event.currentTarget.value)} />
        <p class="muted" id="token-help">
          A bearer token of the services (<code>PLINTH_TOKENS</code>). Leave it empty for local services that run without tokens.
        </p>
        <button type="submit" disabled={busy}>
          Sign in
        </button>
        {error ? (
          <p role="alert" class="notice error">
            {error}
          </p>
        ) : null}
      </form>
    </main>
  );
}
