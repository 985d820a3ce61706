/**
 * The sign-in screen: the organisation's single sign-on when the server offers it, and email and
 * password unless turned off; errors (the form's, and those single sign-on came back with)
 * translated from their codes.
 */
import { useEffect, useId, useState, type FormEvent } from 'react';
import type { AgentProfile } from '../../../protocol/models.js';
import type { SsoErrorCode } from '../../../protocol/error-codes.js';
import type { SignInMethodsResponse } from '../../../protocol/http.js';
import { clearSsoErrorFromAddress, signIn, signInMethods, ssoErrorInAddress, SSO_START_URL } from '../auth-api.js';
import type { ConsoleErrorCode } from '../console-types.js';
import { errorText } from '../i18n.js';
import { useLanguage } from '../language.js';
import { AppHeader } from './AppHeader.js';

/** Why the agent is looking at this page, said once above the form. */
export type SignInNotice = 'signed_out' | 'session_expired' | null;

interface Props {
  notice: SignInNotice;
  /** An error met before the form was shown, such as the server being unreachable. */
  initialError: ConsoleErrorCode | null;
  onSignedIn: (agent: AgentProfile) => void;
}

export function SignInPage({ notice, initialError, onSignedIn }: Props) {
  const { strings } = useLanguage();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ConsoleErrorCode | 'missing' | null>(initialError);
  // Until the server says otherwise, the password form (as before single sign-on existed).
  const [methods, setMethods] = useState<SignInMethodsResponse>({ sso: false, password: true });
  const [ssoError] = useState<SsoErrorCode | null>(ssoErrorInAddress);
  const ids = useId();
  const errorId = `${ids}-error`;

  useEffect(() => {
    clearSsoErrorFromAddress();
    let current = true;
    void signInMethods().then((answer) => {
      if (current) setMethods(answer);
    });
    return () => {
      current = false;
    };
  }, []);

  useEffect(() => {
    document.title = `${strings.signInHeading} – ${strings.productName}`;
  }, [strings]);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (busy) return;
    if (email.trim() === '' || password === '') {
      setError('missing');
      return;
    }
    setBusy(true);
    setError(null);
    const result = await signIn({ email, password });
    setBusy(false);
    if (result.ok) onSignedIn(result.session.agent);
    else setError(result.code);
  };

  const errorMessage =
    error === null ? null : error === 'missing' ? strings.signInMissing : errorText(strings, error, strings.signInErrors);
  const describedBy = errorMessage === null ? undefined : errorId;

  return (
    <>
      <AppHeader asHeading={false} />
      <main className="sign-in">
        <div className="card">
          <h1>{strings.signInHeading}</h1>
          <p className="muted">{methods.password ? strings.signInIntro : strings.signInIntroSso}</p>
          {notice !== null && (
            <p role="status" className="notice">
              {notice === 'signed_out' ? strings.signedOutNotice : strings.sessionEndedNotice}
            </p>
          )}
          {ssoError !== null && (
            <p role="alert" className="error-text">
              {strings.ssoErrors[ssoError]}
            </p>
          )}
          {methods.sso && (
            <a className="button-primary" href={SSO_START_URL}>
              {strings.signInWithSso}
            </a>
          )}
          {methods.sso && methods.password && <p className="muted">{strings.signInOrPassword}</p>}
          {methods.password && (
            <form onSubmit={(event) => void submit(event)} noValidate>
              <div className="field">
                <label htmlFor={`${ids}-email`}>{strings.email}</label>
                <input
                  id={`${ids}-email`}
                  type="email"
                  name="email"
                  autoComplete="username"
                  spellCheck={false}
                  value={email}
                  onChange={(event) => setEmail(event.target.value)}
                  aria-invalid={errorMessage !== null}
                  aria-describedby={describedBy}
                />
              </div>
              <div className="field">
                <label htmlFor={`${ids}-password`}>{strings.password}</label>
                <input
                  id={`${ids}-password`}
                  type="password"
                  name="password"
                  autoComplete="current-password"
                  value={password}
                  onChange={(event) => setPassword(event.target.value)}
                  aria-invalid={errorMessage !== null}
                  aria-describedby={describedBy}
                />
              </div>
              {errorMessage !== null && (
                <p id={errorId} role="alert" className="error-text">
                  {errorMessage}
                </p>
            )}
            <button type="submit" className="button-primary" aria-disabled={busy}>
              {strings.signIn}
            </button>
            {busy && <p className="muted" role="status">{strings.signingIn}</p>}
          </form>
          )}
        </div>
      </main>
    </>
  );
}
