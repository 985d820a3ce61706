/**
 * The History page (issue #9, point 5), for supervisors and managers: a search form (dates, site,
 * queue, agent, outcome, reference), the closed conversations found (paged: "Show more"), one
 * opened read-only (ReadOnlyChat), and a link to download its transcript. The server bounds and
 * checks everything again (history:search, history:open, GET /api/history/<id>/transcript.txt).
 */
import { useEffect, useId, useRef, useState, useSyncExternalStore, type FormEvent, type RefObject } from 'react';
import type { HistoryEntryView, HistorySearch } from '../../../protocol/history.js';
import type { WrapUpOutcome } from '../../../protocol/agent-tools.js';
import type { AgentProfile } from '../../../protocol/models.js';
import type { HistoryClient } from '../history-client.js';
import { formatDateTime } from '../format.js';
import { errorText } from '../i18n.js';
import { useLanguage } from '../language.js';
import type { SupervisionClient } from '../supervision-client.js';
import type { WatchedChat } from '../supervision-state.js';
import { ReadOnlyChat } from './ReadOnlyChat.js';

interface Props {
  history: HistoryClient;
  /** For the queues and agents the console knows (the supervision view's). */
  supervision: SupervisionClient;
  outcomes: readonly WrapUpOutcome[];
  me: AgentProfile;
  headingRef: RefObject<HTMLHeadingElement | null>;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const RANGE_DAYS_MAX = 31;

/** A local calendar date (YYYY-MM-DD), `daysAgo` days before today. */
function localDate(daysAgo: number): string {
  const date = new Date(Date.now() - daysAgo * DAY_MS);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

interface Form {
  from: string;
  to: string;
  siteId: string;
  queueId: string;
  agentId: string;
  outcome: string;
  reference: string;
}

/** The search as the server takes it, or the words of what is wrong with the dates. */
function searchOf(form: Form, words: { rangeTooLong: string; rangeReversed: string; datesMissing: string }): HistorySearch | string {
  if (form.from === '' || form.to === '') return words.datesMissing;
  const from = new Date(`${form.from}T00:00:00`);
  const to = new Date(`${form.to}T23:59:59.999`);
  if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime())) return words.datesMissing;
  if (to < from) return words.rangeReversed;
  if (to.getTime() - from.getTime() > RANGE_DAYS_MAX * DAY_MS) return words.rangeTooLong;
  const optional = (value: string) => (value.trim() === '' ? undefined : value.trim());
  const search: HistorySearch = { from: from.toISOString(), to: to.toISOString() };
  for (const key of ['siteId', 'queueId', 'agentId', 'outcome', 'reference'] as const) {
    const value = optional(form[key]);
    if (value !== undefined) search[key] = value;
  }
  return search;
}

export function HistoryPage({ history, supervision, outcomes, me, headingRef }: Props) {
  const { strings, language, locale } = useLanguage();
  const words = strings.history;
  const known = useSyncExternalStore(supervision.subscribe, supervision.getState);
  const id = useId();
  const [form, setForm] = useState<Form>({ from: localDate(6), to: localDate(0), siteId: '', queueId: '', agentId: '', outcome: '', reference: '' });
  const [formError, setFormError] = useState<string | null>(null);
  const [results, setResults] = useState<HistoryEntryView[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [searched, setSearched] = useState<HistorySearch | null>(null);
  const [busy, setBusy] = useState(false);
  const [opened, setOpened] = useState<WatchedChat | null>(null);
  const [openError, setOpenError] = useState<string | null>(null);
  const openedHeading = useRef<HTMLHeadingElement>(null);
  const resultsHeading = useRef<HTMLHeadingElement>(null);
  const opener = useRef<HTMLElement | null>(null);

  useEffect(() => {
    if (!supervision.getState().subscribed) void supervision.open();
  }, [supervision]);
  useEffect(() => {
    if (opened !== null) openedHeading.current?.focus();
  }, [opened]);

  const set = (key: keyof Form) => (event: { currentTarget: { value: string } }) => {
    const value = event.currentTarget.value;
    setForm((previous) => ({ ...previous, [key]: value }));
  };

  async function run(search: HistorySearch, append: boolean): Promise<void> {
    setBusy(true);
    const answer = await history.search(search);
    setBusy(false);
    if (!answer.ok) {
      setFormError(words.searchError(errorText(strings, answer.code)));
      return;
    }
    setFormError(null);
    setResults((previous) => (append && previous !== null ? [...previous, ...answer.value.conversations] : answer.value.conversations));
    setNext(answer.value.next);
    if (!append) requestAnimationFrame(() => resultsHeading.current?.focus());
  }

  async function onSubmit(event: FormEvent): Promise<void> {
    event.preventDefault();
    const search = searchOf(form, words);
    if (typeof search === 'string') {
      setFormError(search);
      return;
    }
    setSearched(search);
    setOpened(null);
    await run(search, false);
  }

  async function open(entry: HistoryEntryView): Promise<void> {
    opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const answer = await history.open(entry.id);
    if (!answer.ok) {
      setOpenError(words.openError(errorText(strings, answer.code)));
      return;
    }
    setOpenError(null);
    setOpened(answer.value);
  }

  function closeOpened(): void {
    setOpened(null);
    const back = opener.current;
    requestAnimationFrame(() => (back?.isConnected ? back.focus() : headingRef.current?.focus()));
  }

  const queueName = (queueId: string) => known.queues.find((queue) => queue.id === queueId)?.name[language] ?? queueId;
  const outcomeName = (outcome: string | null) =>
    outcome === null ? '—' : (outcomes.find((candidate) => candidate.id === outcome)?.label[language] ?? outcome);
  const problemId = `${id}-problem`;

  return (
    <section className="page history-page" aria-labelledby={`${id}-title`}>
      <h1 id={`${id}-title`} ref={headingRef} tabIndex={-1}>
        {strings.pages.history.heading}
      </h1>
      <form className="history-search" aria-labelledby={`${id}-search`} onSubmit={(event) => void onSubmit(event)} noValidate>
        <h2 id={`${id}-search`}>{words.searchHeading}</h2>
        <div className="field-row">
          <label htmlFor={`${id}-from`}>{words.from}</label>
          <input id={`${id}-from`} type="date" value={form.from} onChange={set('from')} required aria-describedby={formError ? problemId : undefined} />
          <label htmlFor={`${id}-to`}>{words.to}</label>
          <input id={`${id}-to`} type="date" value={form.to} onChange={set('to')} required aria-describedby={formError ? problemId : undefined} />
        </div>
        <div className="field-row">
          <label htmlFor={`${id}-site`}>{words.site}</label>
          <input id={`${id}-site`} type="text" value={form.siteId} onChange={set('siteId')} maxLength={64} autoComplete="off" />
          <label htmlFor={`${id}-queue`}>{words.queue}</label>
          <select id={`${id}-queue`} value={form.queueId} onChange={set('queueId')}>
            <option value="">{words.any}</option>
            {known.queues.map((queue) => (
              <option key={queue.id} value={queue.id}>
                {queue.name[language]}
              </option>
            ))}
          </select>
          <label htmlFor={`${id}-agent`}>{words.agent}</label>
          <select id={`${id}-agent`} value={form.agentId} onChange={set('agentId')}>
            <option value="">{words.any}</option>
            {known.agents.map((agent) => (
              <option key={agent.id} value={agent.id}>
                {agent.displayName}
              </option>
            ))}
          </select>
          <label htmlFor={`${id}-outcome`}>{words.outcome}</label>
          <select id={`${id}-outcome`} value={form.outcome} onChange={set('outcome')}>
            <option value="">{words.any}</option>
            {outcomes.map((outcome) => (
              <option key={outcome.id} value={outcome.id}>
                {outcome.label[language]}
              </option>
            ))}
          </select>
        </div>
        <div className="field-row">
          <label htmlFor={`${id}-reference`}>{words.reference}</label>
          <input
            id={`${id}-reference`}
            type="text"
            value={form.reference}
            onChange={set('reference')}
            maxLength={64}
            autoComplete="off"
            aria-describedby={`${id}-reference-hint`}
          />
          <span id={`${id}-reference-hint`} className="hint">
            {words.referenceHint}
          </span>
        </div>
        {formError !== null && (
          <p id={problemId} className="error" role="alert">
            {formError}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {busy ? words.searching : words.search}
        </button>
      </form>

      {results !== null && (
        <section aria-labelledby={`${id}-results`}>
          <h2 id={`${id}-results`} ref={resultsHeading} tabIndex={-1}>
            {words.resultsHeading}
          </h2>
          <p role="status">{results.length === 0 && next === null ? words.noResults : words.found(results.length)}</p>
          {results.length > 0 && (
            <table className="history-results">
              <thead>
                <tr>
                  <th scope="col">{words.columns.reference}</th>
                  <th scope="col">{words.columns.closedAt}</th>
                  <th scope="col">{words.columns.site}</th>
                  <th scope="col">{words.columns.queue}</th>
                  <th scope="col">{words.columns.agent}</th>
                  <th scope="col">{words.columns.outcome}</th>
                  <th scope="col">{words.columns.actions}</th>
                </tr>
              </thead>
              <tbody>
                {results.map((entry) => (
                  <tr key={entry.id}>
                    <th scope="row">
                      <code>{entry.reference}</code>
                    </th>
                    <td>{formatDateTime(entry.closedAt, locale)}</td>
                    <td>{entry.siteId}</td>
                    <td>{queueName(entry.queueId)}</td>
                    <td>{entry.agentName === null ? words.unanswered : <bdi>{entry.agentName}</bdi>}</td>
                    <td>{outcomeName(entry.outcome)}</td>
                    <td>
                      <button type="button" className="button-secondary" onClick={() => void open(entry)}>
                        {words.open(entry.reference)}
                      </button>{' '}
                      <a href={`/api/history/${encodeURIComponent(entry.id)}/transcript.txt`} download aria-label={`${words.download} ${entry.reference}`}>
                        {words.download}
                      </a>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {next !== null && (
            <>
              {results.length === 0 && <p>{words.scannedNotice}</p>}
              <button type="button" className="button-secondary" disabled={busy} onClick={() => searched !== null && void run({ ...searched, cursor: next }, true)}>
                {words.more}
              </button>
            </>
          )}
        </section>
      )}

      {openError !== null && (
        <p className="error" role="alert">
          {openError}
        </p>
      )}
      {opened !== null && (
        <div className="history-opened">
          <ReadOnlyChat watched={opened} me={me} headingRef={openedHeading} onClose={closeOpened} closeLabel={words.close} />
          <p>
            <a href={`/api/history/${encodeURIComponent(opened.conversation.id)}/transcript.txt`} download>
              {words.download}
            </a>
          </p>
        </div>
      )}
    </section>
  );
}
