/** The whole console: language, then the screen for where the agent is (restoring, signed out, signed in). */
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { Language } from '../../../protocol/languages.js';
import type { AgentProfile } from '../../../protocol/models.js';
import { currentSession, signOut } from '../auth-api.js';
import type { SessionEndCode } from '../console-client.js';
import type { ConsoleErrorCode } from '../console-types.js';
import { catalogues } from '../i18n.js';
import { applyLanguage, initialLanguage, LanguageContext, localeOf, type LanguageContextValue } from '../language.js';
import { AppHeader } from './AppHeader.js';
import { ConsoleScreen } from './ConsoleScreen.js';
import { SignInPage, type SignInNotice } from './SignInPage.js';

type Screen =
  | { kind: 'restoring' }
  | { kind: 'signed-out'; notice: SignInNotice; error: ConsoleErrorCode | null }
  | { kind: 'signed-in'; agent: AgentProfile };

export function App() {
  const [language, setLanguage] = useState<Language>(initialLanguage);
  const [screen, setScreen] = useState<Screen>({ kind: 'restoring' });

  useEffect(() => applyLanguage(language), [language]);

  // A reload keeps the agent signed in: the session cookie is still there.
  useEffect(() => {
    let cancelled = false;
    void currentSession().then((result) => {
      if (cancelled) return;
      if (result.ok) setScreen({ kind: 'signed-in', agent: result.session.agent });
      else {
        // Not signed in is the normal case here, not an error worth showing.
        const quiet = result.code === 'unauthenticated' || result.code === 'session_expired';
        setScreen({ kind: 'signed-out', notice: null, error: quiet ? null : result.code });
      }
    });
    return () => {
      cancelled = true;
    };
  }, []);

  const languageValue = useMemo<LanguageContextValue>(
    () => ({ language, strings: catalogues[language], locale: localeOf(language), setLanguage }),
    [language],
  );

  const signedOut = useCallback(() => {
    setScreen({ kind: 'signed-out', notice: 'signed_out', error: null });
    void signOut();
  }, []);

  const sessionEnded = useCallback((code: SessionEndCode) => {
    setScreen({ kind: 'signed-out', notice: code, error: null });
  }, []);

  return (
    <LanguageContext value={languageValue}>
      {screen.kind === 'restoring' ? (
        <>
          <AppHeader asHeading />
          <main className="loading">
            <p role="status">{languageValue.strings.loading}</p>
          </main>
        </>
      ) : screen.kind === 'signed-out' ? (
        <SignInPage
          notice={screen.notice}
          initialError={screen.error}
          onSignedIn={(agent) => setScreen({ kind: 'signed-in', agent })}
        />
      ) : (
        <ConsoleScreen agent={screen.agent} onSignOut={signedOut} onSessionEnded={sessionEnded} />
      )}
    </LanguageContext>
  );
}
