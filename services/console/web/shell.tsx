import type { ComponentChildren } from 'preact';
import { formatTime } from './format';
import type { Session } from './session';

const SECTIONS = [
  { label: 'Runs', hash: '#/runs', prefixes: ['/runs', '/compare'] },
  { label: 'Models', hash: '#/models', prefixes: ['/models'] },
  { label: 'Drift', hash: '#/drift', prefixes: ['/drift'] },
  { label: 'Serving', hash: '#/serving', prefixes: ['/serving'] },
] as const;

/** The frame around every page: a skip link, the main navigation, who is signed in, and sign-out. */
export function Shell({ session, path, onSignOut, children }: { session: Session; path: string; onSignOut: () => void; children: ComponentChildren }) {
  return (
    <>
      <a class="skip-link" href="#main" onClick={(event) => skipToMain(event)}>
        Skip to content
      </a>
      <header class="top">
        <span class="brand">Plinth</span>
        <nav aria-label="Main">
          <ul>
            {SECTIONS.map((section) => (
              <li key={section.label}>
                <a href={section.hash} aria-current={section.prefixes.some((prefix) => path.startsWith(prefix)) ? 'page' : undefined}>
                  {section.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <div class="who">
          <span title={`session until ${formatTime(session.expires_at)}`}>{session.user}</span>
          <button type="button" class="secondary" onClick={onSignOut}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}

/** Hash links are routes here, so the skip link moves focus itself instead of changing the hash. */
function skipToMain(event: Event): void {
  event.preventDefault();
  document.getElementById('main')?.focus();
}
