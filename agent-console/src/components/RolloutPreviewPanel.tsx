/**
 * The preview (issue #8, point 6): what a visitor on a page, in a language, at a time would see,
 * and why, check by check (`rollout:preview`); supervisors and managers. The words are
 * rollout-preview.ts's.
 */
import { useId, useState, type FormEvent } from 'react';
import type { Language } from '../../../protocol/languages.js';
import type { RolloutPreviewResult } from '../../../protocol/rollout-offer.js';
import type { ConsoleErrorCode } from '../console-types.js';
import { errorText } from '../i18n.js';
import { useLanguage } from '../language.js';
import type { RolloutClient } from '../rollout-client.js';
import { verdictSentence, type Verdict } from '../rollout-preview.js';
import { FEATURES } from '../rollout-state.js';
import { GuardLine } from './GuardLine.js';

const VISITOR_ID = /^[A-Za-z0-9_-]{16,64}$/;

/** Now, as a `datetime-local` value in the browser's time zone. */
function nowLocal(): string {
  const now = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}T${pad(now.getHours())}:${pad(now.getMinutes())}`;
}

type Field = 'pageUrl' | 'time' | 'visitorId';

export function RolloutPreviewPanel({ rollout }: { rollout: RolloutClient }) {
  const { strings, language } = useLanguage();
  const words = strings.rollout.preview;
  // The demo site's pages are served by the chat host itself; a real site's address is typed.
  const [pageUrl, setPageUrl] = useState(() => `${window.location.origin}/`);
  const [pageLanguage, setPageLanguage] = useState<Language>(language);
  const [time, setTime] = useState(nowLocal);
  const [visitorId, setVisitorId] = useState('');
  const [problems, setProblems] = useState<Partial<Record<Field, string>>>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ConsoleErrorCode | null>(null);
  const [result, setResult] = useState<RolloutPreviewResult | null>(null);
  const id = useId();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found: Partial<Record<Field, string>> = {};
    if (!/^https?:\/\/[^\s/]+/.test(pageUrl.trim())) found.pageUrl = words.invalidUrl;
    const at = new Date(time);
    if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(time) || Number.isNaN(at.getTime())) found.time = words.invalidTime;
    if (visitorId.trim() !== '' && !VISITOR_ID.test(visitorId.trim())) found.visitorId = words.invalidVisitor;
    setProblems(found);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    const answer = await rollout.preview({
      pageUrl: pageUrl.trim(),
      language: pageLanguage,
      time: at.toISOString(),
      ...(visitorId.trim() === '' ? {} : { visitorId: visitorId.trim() }),
    });
    setBusy(false);
    setError(answer.ok ? null : answer.error.code);
    setResult(answer.ok ? answer.preview : null);
  };

  const invalid = (field: Field) => ({
    'aria-invalid': problems[field] !== undefined,
    'aria-describedby': [`${id}-${field}-hint`, problems[field] !== undefined ? `${id}-${field}-error` : ''].filter(Boolean).join(' '),
  });
  const problem = (field: Field) =>
    problems[field] === undefined ? null : (
      <p id={`${id}-${field}-error`} className="error-text">
        {problems[field]}
      </p>
    );

  return (
    <section className="panel" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{words.heading}</h2>
      <p className="muted">{words.intro}</p>
      <form className="stacked-form" onSubmit={(event) => void submit(event)} noValidate>
        <div className="field">
          <label htmlFor={`${id}-url`}>{words.pageUrl}</label>
          <input id={`${id}-url`} type="url" value={pageUrl} spellCheck={false} onChange={(event) => setPageUrl(event.target.value)} {...invalid('pageUrl')} />
          <p id={`${id}-pageUrl-hint`} className="hint">
            {words.pageUrlHint}
          </p>
          {problem('pageUrl')}
        </div>
        <div className="field-row">
          <div className="field">
            <label htmlFor={`${id}-language`}>{words.language}</label>
            <select id={`${id}-language`} value={pageLanguage} onChange={(event) => setPageLanguage(event.target.value as Language)}>
              {(['en', 'fr'] as Language[]).map((option) => (
                <option key={option} value={option}>
                  {strings.languageNames[option]}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-time`}>{words.time}</label>
            <input id={`${id}-time`} type="datetime-local" value={time} onChange={(event) => setTime(event.target.value)} {...invalid('time')} />
          </div>
        </div>
        <p id={`${id}-time-hint`} className="hint">
          {words.timeHint}
        </p>
        {problem('time')}
        <div className="field">
          <label htmlFor={`${id}-visitor`}>{words.visitor}</label>
          <input id={`${id}-visitor`} type="text" value={visitorId} spellCheck={false} maxLength={64} onChange={(event) => setVisitorId(event.target.value)} {...invalid('visitorId')} />
          <p id={`${id}-visitorId-hint`} className="hint">
            {words.visitorHint}
          </p>
          {problem('visitorId')}
        </div>
        <div className="form-actions">
          <button type="submit" className="button-secondary" aria-disabled={busy}>
            {busy ? words.previewing : words.submit}
          </button>
        </div>
      </form>
      {error !== null && (
        <p role="alert" className="error-text">
          {words.error(errorText(strings, error))}
        </p>
      )}
      {/* The headline is said when it comes; the reasons are read from there. */}
      <div role="status">
        {result !== null && (
          <p className={result.offer.offered ? 'preview-headline preview-offered' : 'preview-headline preview-refused'}>
            <strong>{words.states[result.offer.state]}</strong>
          </p>
        )}
      </div>
      {result !== null && <PreviewResult result={result} />}
    </section>
  );
}

/** The answer: offered or not, for which visitor, then each check of chat's rule, the hours, the guards, features and topics. */
function PreviewResult({ result }: { result: RolloutPreviewResult }) {
  const { strings } = useLanguage();
  const words = strings.rollout.preview;
  const rollout = strings.rollout;
  return (
    <div className="preview-result">
      <p className="muted">{words.visitorUsed(result.visitorId)}</p>
      <h3>{words.chatChecks}</h3>
      <VerdictList verdicts={result.chat.verdicts} />
      <p>{result.hours.open ? words.hoursOpen : words.hoursClosed(hoursReason(result.hours.reason, words))}</p>
      {result.guards.length > 0 && (
        <>
          <h3>{words.guardsHeading}</h3>
          <ul className="change-lines">
            {result.guards.map((view) => (
              <li key={view.queueId}>
                <GuardLine view={view} />
              </li>
            ))}
          </ul>
        </>
      )}
      <h3>{words.featuresHeading}</h3>
      <ul className="change-lines">
        {FEATURES.map((feature) => (
          <li key={feature}>{rollout.featureSetting(rollout.features[feature], result.offer.features[feature] ? words.offered : words.notOffered)}</li>
        ))}
      </ul>
      {result.topics.length > 0 && (
        <>
          <h3>{words.topicsHeading}</h3>
          <ul className="change-lines">
            {result.topics.map((topic) => (
              <li key={topic.topicId}>{rollout.topicSetting(topic.topicId, topic.rule.offered && !topic.guardClosed ? words.offered : words.notOffered)}</li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

/** Why the site is closed at that time, in words (a reason the console does not know is shown as given). */
function hoursReason(reason: string | null, words: ReturnType<typeof useLanguage>['strings']['rollout']['preview']): string {
  if (reason === null) return '';
  return (words.hoursReasons as Record<string, string>)[reason] ?? reason;
}

function VerdictList({ verdicts }: { verdicts: readonly Verdict[] }) {
  const { strings } = useLanguage();
  const words = strings.rollout.preview;
  return (
    <ul className="verdict-list">
      {verdicts.map((verdict) => (
        <li key={verdict.check} className={verdict.pass ? 'verdict verdict-pass' : 'verdict verdict-fail'}>
          <span className="verdict-mark">
            <span aria-hidden="true">{verdict.pass ? '✓ ' : '✗ '}</span>
            {verdict.pass ? words.pass : words.fail}
          </span>
          <span>{verdictSentence(verdict, strings)}</span>
        </li>
      ))}
    </ul>
  );
}
