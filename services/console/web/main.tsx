import { render } from 'preact';
import { useCallback, useEffect, useState } from 'preact/hooks';
import { consoleJson, SIGNED_OUT_EVENT } from './api';
import { Loading } from './components/status';
import { LoginPage } from './login';
import { DriftModelsPage } from './pages/drift/DriftModelsPage';
import { DriftPage } from './pages/drift/DriftPage';
import { ModelPage } from './pages/models/ModelPage';
import { ModelsPage } from './pages/models/ModelsPage';
import { ComparePage } from './pages/runs/ComparePage';
import { RunPage } from './pages/runs/RunPage';
import { RunsPage } from './pages/runs/RunsPage';
import { ServingPage } from './pages/serving/ServingPage';
import { matchRoute, navigate, type Route, useLocation } from './router';
import type { Session } from './session';
import { Shell } from './shell';
import './styles.css';

const ROUTES: readonly Route[] = [
  { pattern: '/runs', page: RunsPage },
  { pattern: '/runs/:runId', page: RunPage },
  { pattern: '/compare', page: ComparePage },
  { pattern: '/models', page: ModelsPage },
  { pattern: '/models/:name', page: ModelPage },
  { pattern: '/drift', page: DriftModelsPage },
  { pattern: '/drift/:model', page: DriftPage },
  { pattern: '/serving', page: ServingPage },
];

type SessionState = { kind: 'checking' } | { kind: 'signed-out'; reason?: string } | { kind: 'signed-in'; session: Session };

function App() {
  const [state, setState] = useState<SessionState>({ kind: 'checking' });
  const location = useLocation();

  useEffect(() => {
    consoleJson<Session>('session').then(
      (session) => setState({ kind: 'signed-in', session }),
      () => setState({ kind: 'signed-out' }),
    );
    const expired = () => setState({ kind: 'signed-out', reason: 'Your session has ended: sign in again.' });
    window.addEventListener(SIGNED_OUT_EVENT, expired);
    return () => window.removeEventListener(SIGNED_OUT_EVENT, expired);
  }, []);

  const signOut = useCallback(() => {
    consoleJson('session', { method: 'DELETE' }).finally(() => setState({ kind: 'signed-out', reason: 'Signed out.' }));
  }, []);

  useEffect(() => {
    if (location.path === '/') navigate('#/runs');
  }, [location.path]);

  if (state.kind === 'checking') return <Loading what="the console" />;
  if (state.kind === 'signed-out') return <LoginPage reason={state.reason} onSignedIn={(session) => setState({ kind: 'signed-in', session })} />;

  const found = matchRoute(ROUTES, location.path);
  const Page = found?.route.page;
  return (
    <Shell session={state.session} path={location.path} onSignOut={signOut}>
      {Page ? (
        <Page key={location.path} params={found.params} query={location.query} session={state.session} navigate={navigate} />
      ) : (
        <>
          <h1>Not found</h1>
          <p>
            Nothing at <code>{location.path}</code>. <a href="#/runs">Go to the runs</a>.
          </p>
        </>
      )}
    </Shell>
  );
}

render(<App />, document.getElementById('app')!);
