/**
 * The Sites page (issue #9, point 3), for managers: every site; a form to create one or edit the
 * one opened (names, allowed origins, chat switch, topics and their queues, hours, other ways to
 * reach the service, self-service links, and its privacy settings: the optional redaction kinds,
 * its own collection notice, the quick exit); for the opened site, its embed snippet with a copy
 * button and a live check of whether the widget is offered on a page now, and why not. Problems
 * show beside their part of the form. The logic is in sites-state.ts; the connection in sites-client.ts.
 */
import { useEffect, useId, useRef, useState, useSyncExternalStore, type FormEvent, type ReactNode, type RefObject } from 'react';
import type { QueueAdminView, SiteAdminView, SiteOriginCheck } from '../../../protocol/admin.js';
import { LANGUAGES, type Language } from '../../../protocol/languages.js';
import { SITE_LINK_MAX, SITE_TEXT_MAX } from '../../../protocol/limits.js';
import { DEFAULT_QUICK_EXIT_URL, PRIVACY_NOTICE_TEXT_MAX } from '../../../protocol/privacy.js';
import type { ConsoleErrorCode } from '../console-types.js';
import { errorText } from '../i18n.js';
import { useLanguage } from '../language.js';
import type { SitesClient } from '../sites-client.js';
import {
  checkNewSite,
  checkSiteEdit,
  embedSnippet,
  emptyOtherWay,
  emptySelfService,
  emptySiteDraft,
  emptyTopic,
  fieldOfSiteRefusal,
  NOTICE_PARTS,
  OTHER_WAY_KINDS,
  originsOf,
  queuesFor,
  removedAt,
  replacedAt,
  siteDraftOf,
  siteFieldsInOrder,
  sortedByName,
  WEEKDAYS,
  type SiteDraft,
  type SiteField,
  type SiteProblem,
  type SiteProblems,
} from '../sites-state.js';
import { fieldAids, IdAndNameFields } from './AdminFormParts.js';
import { AdminPageIntro, LoadedList } from './AdminPageParts.js';
import { focusFirstProblem } from './ChangePasswordPage.js';
import { LabelledInput } from './FormField.js';

type Strings = ReturnType<typeof useLanguage>['strings'];
type Words = Strings['sites'];

interface Props {
  sites: SitesClient;
  headingRef: RefObject<HTMLHeadingElement | null>;
}

export function SitesPage({ sites, headingRef }: Props) {
  const { strings, language, locale } = useLanguage();
  const words = strings.sites;
  const view = useSyncExternalStore(sites.subscribe, sites.getState);
  const [openedId, setOpenedId] = useState<string | null>(null);
  const [notice, setNotice] = useState<{ id: number; text: string } | null>(null);
  const said = (text: string) => setNotice((previous) => ({ id: (previous?.id ?? 0) + 1, text }));
  const siteHeading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    void sites.open();
    return () => sites.close();
  }, [sites]);

  const opened = openedId === null ? null : (view.sites?.find((site) => site.id === openedId) ?? null);
  // The opened site's panel is what the manager came for: it gets focus, so its words are read.
  useEffect(() => {
    if (openedId !== null) siteHeading.current?.focus();
  }, [openedId]);

  return (
    <div className="page sites">
      <AdminPageIntro heading={strings.pages.sites.heading} intro={words.intro} notice={notice} headingRef={headingRef} />
      <div className="accounts-columns">
        <section className="panel" aria-labelledby="sites-list-heading">
          <h2 id="sites-list-heading">{words.listHeading}</h2>
          <LoadedList items={view.sites} error={view.error} loadError={words.loadError}>
            {(listed) =>
              listed.length === 0 ? (
                <p className="muted">{words.noSites}</p>
              ) : (
                <div className="table-scroll" role="region" aria-labelledby="sites-table-caption" tabIndex={0}>
                  <table className="data-table">
                    <caption id="sites-table-caption">{words.tableCaption}</caption>
                    <thead>
                      <tr>
                        <th scope="col">{words.columns.name}</th>
                        <th scope="col">{words.columns.id}</th>
                        <th scope="col">{words.columns.origins}</th>
                        <th scope="col">{words.columns.chat}</th>
                        <th scope="col" className="number">
                          {words.columns.topics}
                        </th>
                        <th scope="col">{words.columns.actions}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {sortedByName(listed, language, locale).map((site) => (
                        <tr key={site.id}>
                          <th scope="row">{site.name[language]}</th>
                          <td>{site.id}</td>
                          <td className="break-anywhere">{site.allowedOrigins.length === 0 ? words.none : site.allowedOrigins.join(', ')}</td>
                          <td>{site.chatEnabled ? words.chatOn : words.chatOff}</td>
                          <td className="number">{site.topics.length}</td>
                          <td>
                            <button
                              type="button"
                              className="button-table"
                              aria-label={words.openSite(site.name[language])}
                              aria-pressed={site.id === openedId}
                              onClick={() => setOpenedId(site.id)}
                            >
                              {words.open}
                            </button>
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )
            }
          </LoadedList>
        </section>
        {opened !== null && (
          <section className="panel site-view" aria-labelledby="site-view-heading">
            <h2 id="site-view-heading" ref={siteHeading} tabIndex={-1}>
              {opened.name[language]}
            </h2>
            <Snippet site={opened} />
            <OriginCheck key={opened.id} site={opened} sites={sites} />
            <p>
              <button type="button" className="button-secondary" onClick={() => setOpenedId(null)}>
                {words.newSite}
              </button>
            </p>
          </section>
        )}
        {view.queues !== null && (
          <SiteForm
            // A fresh form for each site edited, and a blank one for a new site.
            key={opened === null ? 'new' : `edit:${opened.id}`}
            sites={sites}
            editing={opened}
            queues={view.queues}
            onCreated={(site) => {
              said(words.created(site.name[language]));
              setOpenedId(site.id);
            }}
            onSaved={(site) => said(words.saved(site.name[language]))}
          />
        )}
      </div>
    </div>
  );
}

/** The one tag the site's pages carry, with a copy button. */
function Snippet({ site }: { site: SiteAdminView }) {
  const { strings, language } = useLanguage();
  const words = strings.sites;
  const id = useId();
  const snippet = embedSnippet(window.location.origin, site.id);
  const [copy, setCopy] = useState<{ id: number; ok: boolean } | null>(null);

  const copySnippet = async () => {
    // No clipboard outside a secure context (plain http on a LAN name): the text is selected instead.
    const clipboard = window.isSecureContext ? navigator.clipboard : undefined;
    const ok = clipboard === undefined ? false : await clipboard.writeText(snippet).then(() => true, () => false);
    if (!ok) (document.getElementById(`${id}-snippet`) as HTMLTextAreaElement | null)?.select();
    setCopy((previous) => ({ id: (previous?.id ?? 0) + 1, ok }));
  };

  return (
    <div className="site-snippet">
      <h3>{words.snippetHeading}</h3>
      <p id={`${id}-text`}>{words.snippetText}</p>
      <label htmlFor={`${id}-snippet`} className="visually-hidden">
        {words.snippetLabel(site.name[language])}
      </label>
      <textarea id={`${id}-snippet`} className="snippet" readOnly rows={3} value={snippet} aria-describedby={`${id}-text`} onFocus={(event) => event.target.select()} />
      <div className="dialog-actions">
        <button type="button" className="button-primary" onClick={() => void copySnippet()}>
          {words.copySnippet}
        </button>
      </div>
      <div role="status">
        {copy !== null && (
          <p key={copy.id} className={copy.ok ? 'notice' : 'error-text'}>
            {copy.ok ? words.copied : words.copyFailed}
          </p>
        )}
      </div>
    </div>
  );
}

/** The page to check first: the site's first plain origin, or the chat host itself. */
function firstPageOf(site: SiteAdminView): string {
  const origin = site.allowedOrigins.find((candidate) => candidate.startsWith('http') && !candidate.includes('*'));
  return `${origin ?? window.location.origin}/`;
}

/** Would a new visitor on this page be offered the widget now, and if not, every reason why. */
function OriginCheck({ site, sites }: { site: SiteAdminView; sites: SitesClient }) {
  const { strings, language } = useLanguage();
  const words = strings.sites;
  const id = useId();
  const [pageUrl, setPageUrl] = useState(() => firstPageOf(site));
  const [pageLanguage, setPageLanguage] = useState<Language>(language);
  const [busy, setBusy] = useState(false);
  const [answer, setAnswer] = useState<{ check: SiteOriginCheck } | { error: ConsoleErrorCode } | null>(null);

  const check = async (event: FormEvent) => {
    event.preventDefault();
    if (busy || pageUrl.trim() === '') return;
    setBusy(true);
    const result = await sites.checkOrigin({ siteId: site.id, pageUrl: pageUrl.trim(), language: pageLanguage });
    setBusy(false);
    setAnswer(result.ok ? { check: result.check } : { error: result.error.code });
  };

  return (
    <div className="site-check">
      <h3>{words.checkHeading}</h3>
      <p className="muted">{words.checkText}</p>
      <form className="field-row" onSubmit={(event) => void check(event)} noValidate>
        <div className="field">
          <label htmlFor={`${id}-url`}>{words.pageUrlLabel}</label>
          <p id={`${id}-url-hint`} className="hint">
            {words.pageUrlHint}
          </p>
          <input id={`${id}-url`} type="url" maxLength={SITE_LINK_MAX} value={pageUrl} aria-describedby={`${id}-url-hint`} onChange={(event) => setPageUrl(event.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-language`}>{words.languageLabel}</label>
          <select id={`${id}-language`} value={pageLanguage} onChange={(event) => setPageLanguage(event.target.value as Language)}>
            {LANGUAGES.map((code) => (
              <option key={code} value={code}>
                {strings.languageNames[code]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <button type="submit" className="button-primary" aria-disabled={busy}>
            {busy ? words.checking : words.check}
          </button>
        </div>
      </form>
      <div role="status" className="check-answer">
        {answer !== null &&
          ('error' in answer ? (
            <p className="error-text">{words.checkError(errorText(strings, answer.error))}</p>
          ) : answer.check.offered ? (
            <p className="notice">{words.offered(answer.check.origin ?? pageUrl)}</p>
          ) : (
            <div className="notice notice-warning">
              <p>{words.notOffered}</p>
              <ul>
                {answer.check.blockers.map((blocker) => (
                  <li key={blocker}>
                    {blocker === 'origin_not_allowed'
                      ? words.blockers.origin_not_allowed(answer.check.origin)
                      : blocker === 'outside_hours'
                        ? words.blockers.outside_hours(answer.check.hours.reason)
                        : words.blockers[blocker]()}
                  </li>
                ))}
              </ul>
            </div>
          ))}
      </div>
    </div>
  );
}

/** A problem the console found, in words. */
function problemText(words: Words, problem: SiteProblem): string {
  const inSentence = (code: Language) => words.languageInSentence[code];
  switch (problem.code) {
    case 'origin':
      return problem.fault.kind === 'not_as_sent' ? words.originFaults.not_as_sent(problem.value, problem.fault.origin) : words.originFaults[problem.fault.kind](problem.value);
    case 'name_missing':
      return words.problems.name_missing(inSentence(problem.language));
    case 'too_long':
    case 'too_many':
      return words.problems[problem.code](problem.max);
    case 'origin_duplicate':
      return words.problems.origin_duplicate(problem.value);
    case 'topic_id_invalid':
      return words.problems.topic_id_invalid(problem.index + 1);
    case 'topic_id_duplicate':
      return words.problems.topic_id_duplicate(problem.id);
    case 'topic_label_missing':
    case 'topic_queue_missing':
    case 'way_text_missing':
    case 'self_label_missing':
    case 'self_url_invalid':
      return words.problems[problem.code](problem.index + 1, inSentence(problem.language));
    case 'way_link_invalid':
      return words.problems.way_link_invalid(problem.index + 1, inSentence(problem.language), problem.telephone);
    case 'periods_invalid':
      return words.problems.periods_invalid(words.weekdays[problem.day]);
    case 'holiday_invalid':
      return words.problems.holiday_invalid(problem.value);
    case 'notice_missing':
      return words.problems.notice_missing(words.noticeParts[problem.part], inSentence(problem.language));
    case 'notice_too_long':
      return words.problems.notice_too_long(words.noticeParts[problem.part], inSentence(problem.language), problem.max);
    case 'notice_url_invalid':
      return words.problems.notice_url_invalid(inSentence(problem.language));
    default:
      return words.problems[problem.code]();
  }
}

interface FormProps {
  sites: SitesClient;
  /** The site edited; null for a new one. */
  editing: SiteAdminView | null;
  queues: QueueAdminView[];
  onCreated: (site: SiteAdminView) => void;
  onSaved: (site: SiteAdminView) => void;
}

/** Creates a site, or edits one (everything but its id). */
function SiteForm({ sites, editing, queues, onCreated, onSaved }: FormProps) {
  const { strings, language } = useLanguage();
  const words = strings.sites;
  const [draft, setDraft] = useState<SiteDraft>(() => (editing === null ? emptySiteDraft() : siteDraftOf(editing)));
  const [problems, setProblems] = useState<Partial<Record<SiteField, ReactNode[]>>>({});
  const [busy, setBusy] = useState(false);
  const id = useId();
  const change = (next: Partial<SiteDraft>) => setDraft((current) => ({ ...current, ...next }));

  const shown = (found: SiteProblems) =>
    Object.fromEntries(Object.entries(found).map(([field, list]) => [field, (list ?? []).map((problem) => problemText(words, problem))]));

  const refused = (action: 'create' | 'update', code: ConsoleErrorCode, message: string) => {
    const field = fieldOfSiteRefusal(action, code, message);
    const text: ReactNode =
      code === 'invalid_payload' ? (
        <>
          {words.serverSaid} <span lang="en">{message}</span>
        </>
      ) : (
        errorText(strings, code, words.refusals)
      );
    setProblems({ [field]: [text] });
    focusFirstProblem(id, [field]);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const checked = editing === null ? checkNewSite(draft) : checkSiteEdit(editing, draft);
    if (!checked.ok) {
      setProblems(shown(checked.problems));
      focusFirstProblem(id, siteFieldsInOrder(checked.problems));
      return;
    }
    setProblems({});
    setBusy(true);
    const result = 'siteId' in checked.payload ? await sites.updateSite(checked.payload) : await sites.createSite(checked.payload);
    setBusy(false);
    if (!result.ok) return refused(editing === null ? 'create' : 'update', result.error.code, result.error.message);
    if (editing === null) onCreated(result.site);
    else onSaved(result.site);
  };

  const aids = fieldAids<SiteField>(id, problems);
  const { describedBy, problem, invalid } = aids;
  const languageName = (code: Language) => words.languageInSentence[code];

  return (
    <section className="panel site-form" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{editing === null ? words.createHeading : words.editHeading(editing.name[language])}</h2>
      <form onSubmit={(event) => void submit(event)} noValidate>
        <IdAndNameFields id={id} creating={editing === null} words={words} value={draft} aids={aids} onChange={change} />
        <div className="field">
          <label htmlFor={`${id}-origins`}>{words.originsLabel}</label>
          <p id={`${id}-origins-hint`} className="hint">
            {words.originsHint}
          </p>
          <textarea
            id={`${id}-origins`}
            rows={Math.min(6, Math.max(2, originsOf(draft.origins).length + 1))}
            spellCheck={false}
            autoComplete="off"
            value={draft.origins}
            aria-invalid={invalid('origins')}
            aria-describedby={describedBy('origins', true)}
            onChange={(event) => change({ origins: event.target.value })}
          />
          {problem('origins')}
        </div>
        <label className="checkbox">
          <input type="checkbox" checked={draft.chatEnabled} onChange={(event) => change({ chatEnabled: event.target.checked })} />
          {words.chatEnabledLabel}
        </label>

        <fieldset className="form-group" aria-describedby={describedBy('topics', true)}>
          <legend>{words.topicsLegend}</legend>
          <p id={`${id}-topics-hint`} className="hint">
            {words.topicsHint}
          </p>
          {draft.topics.map((topic, index) => (
            <fieldset className="repeat-row" key={index}>
              <legend>{words.topicHeading(index + 1)}</legend>
              <div className="field-row">
                <TextField
                  id={index === 0 ? `${id}-topics` : `${id}-topic-${index}-id`}
                  label={words.topicIdLabel}
                  value={topic.id}
                  max={64}
                  invalid={invalid('topics')}
                  onChange={(value) => change({ topics: replacedAt(draft.topics, index, { ...topic, id: value }) })}
                />
                {LANGUAGES.map((code) => (
                  <TextField
                    key={code}
                    id={`${id}-topic-${index}-label-${code}`}
                    label={code === 'en' ? words.topicLabelEn : words.topicLabelFr}
                    lang={code}
                    value={topic.label[code]}
                    max={SITE_TEXT_MAX}
                    invalid={invalid('topics')}
                    onChange={(value) => change({ topics: replacedAt(draft.topics, index, { ...topic, label: { ...topic.label, [code]: value } }) })}
                  />
                ))}
              </div>
              <div className="field-row">
                {LANGUAGES.map((code) => {
                  const choices = queuesFor(queues, code);
                  const selectId = `${id}-topic-${index}-queue-${code}`;
                  return (
                    <div className="field" key={code}>
                      <label htmlFor={selectId}>{words.topicQueue(languageName(code))}</label>
                      <select
                        id={selectId}
                        value={topic.queues[code]}
                        aria-invalid={invalid('topics')}
                        onChange={(event) => change({ topics: replacedAt(draft.topics, index, { ...topic, queues: { ...topic.queues, [code]: event.target.value } }) })}
                      >
                        <option value="">{words.chooseQueue}</option>
                        {choices.map((queue) => (
                          <option key={queue.id} value={queue.id}>
                            {queue.name[language]} ({queue.id})
                          </option>
                        ))}
                        {/* A queue the topic has that the list lacks is kept, not lost silently. */}
                        {topic.queues[code] !== '' && !choices.some((queue) => queue.id === topic.queues[code]) && (
                          <option value={topic.queues[code]}>{topic.queues[code]}</option>
                        )}
                      </select>
                      {choices.length === 0 && <p className="hint">{words.noQueueFor(languageName(code))}</p>}
                    </div>
                  );
                })}
              </div>
              {draft.topics.length > 1 && (
                <button type="button" className="button-table" onClick={() => change({ topics: removedAt(draft.topics, index) })}>
                  {words.removeTopic(index + 1)}
                </button>
              )}
            </fieldset>
          ))}
          <p>
            <button type="button" className="button-secondary" onClick={() => change({ topics: [...draft.topics, emptyTopic()] })}>
              {words.addTopic}
            </button>
          </p>
          {problem('topics')}
        </fieldset>

        <fieldset className="form-group" aria-describedby={describedBy('hours', false)}>
          <legend>{words.hoursLegend}</legend>
          <label className="checkbox">
            <input id={`${id}-hours`} type="checkbox" checked={draft.hoursOn} aria-invalid={invalid('hours')} onChange={(event) => change({ hoursOn: event.target.checked })} />
            {words.hoursOnLabel}
          </label>
          {draft.hoursOn && (
            <>
              <TextField
                id={`${id}-timeZone`}
                label={words.timeZoneLabel}
                hint={words.timeZoneHint}
                value={draft.timeZone}
                max={64}
                invalid={invalid('hours')}
                onChange={(value) => change({ timeZone: value })}
              />
              <p id={`${id}-periods-hint`} className="hint">
                {words.periodsHint}
              </p>
              <div className="weekday-grid">
                {WEEKDAYS.map((day) => (
                  <div className="field" key={day}>
                    <label htmlFor={`${id}-day-${day}`}>{words.weekdays[day]}</label>
                    <input
                      id={`${id}-day-${day}`}
                      type="text"
                      spellCheck={false}
                      maxLength={80}
                      value={draft.weekly[day]}
                      aria-invalid={invalid('hours')}
                      aria-describedby={`${id}-periods-hint`}
                      onChange={(event) => change({ weekly: { ...draft.weekly, [day]: event.target.value } })}
                    />
                  </div>
                ))}
              </div>
              <div className="field">
                <label htmlFor={`${id}-holidays`}>{words.holidaysLabel}</label>
                <p id={`${id}-holidays-hint`} className="hint">
                  {words.holidaysHint}
                </p>
                <textarea
                  id={`${id}-holidays`}
                  rows={3}
                  spellCheck={false}
                  value={draft.holidays}
                  aria-invalid={invalid('hours')}
                  aria-describedby={`${id}-holidays-hint`}
                  onChange={(event) => change({ holidays: event.target.value })}
                />
              </div>
              <TextField
                id={`${id}-lastAdmission`}
                label={words.lastAdmissionLabel}
                hint={words.lastAdmissionHint}
                value={draft.lastAdmission}
                max={4}
                inputMode="numeric"
                invalid={invalid('hours')}
                onChange={(value) => change({ lastAdmission: value })}
              />
            </>
          )}
          {problem('hours')}
        </fieldset>

        <fieldset className="form-group" aria-describedby={describedBy('otherWays', true)}>
          <legend>{words.otherWaysLegend}</legend>
          <p id={`${id}-otherWays-hint`} className="hint">
            {words.otherWaysHint}
          </p>
          {draft.otherWays.map((way, index) => (
            <fieldset className="repeat-row" key={index}>
              <legend>{words.wayHeading(index + 1)}</legend>
              <div className="field-row">
                <div className="field">
                  <label htmlFor={index === 0 ? `${id}-otherWays` : `${id}-way-${index}-kind`}>{words.wayKindLabel}</label>
                  <select
                    id={index === 0 ? `${id}-otherWays` : `${id}-way-${index}-kind`}
                    value={way.kind}
                    onChange={(event) => change({ otherWays: replacedAt(draft.otherWays, index, { ...way, kind: event.target.value as typeof way.kind }) })}
                  >
                    {OTHER_WAY_KINDS.map((kind) => (
                      <option key={kind} value={kind}>
                        {words.wayKinds[kind]}
                      </option>
                    ))}
                  </select>
                </div>
                {LANGUAGES.map((code) => (
                  <TextField
                    key={code}
                    id={`${id}-way-${index}-text-${code}`}
                    label={code === 'en' ? words.wayTextEn : words.wayTextFr}
                    lang={code}
                    value={way.text[code]}
                    max={SITE_TEXT_MAX}
                    invalid={invalid('otherWays')}
                    onChange={(value) => change({ otherWays: replacedAt(draft.otherWays, index, { ...way, text: { ...way.text, [code]: value } }) })}
                  />
                ))}
              </div>
              <div className="field-row">
                {LANGUAGES.map((code) => (
                  <TextField
                    key={code}
                    id={`${id}-way-${index}-href-${code}`}
                    label={code === 'en' ? words.wayLinkEn : words.wayLinkFr}
                    hint={words.wayLinkHint}
                    value={way.href[code]}
                    max={SITE_LINK_MAX}
                    invalid={invalid('otherWays')}
                    onChange={(value) => change({ otherWays: replacedAt(draft.otherWays, index, { ...way, href: { ...way.href, [code]: value } }) })}
                  />
                ))}
              </div>
              <button type="button" className="button-table" onClick={() => change({ otherWays: removedAt(draft.otherWays, index) })}>
                {words.removeWay(index + 1)}
              </button>
            </fieldset>
          ))}
          <p>
            <button type="button" className="button-secondary" onClick={() => change({ otherWays: [...draft.otherWays, emptyOtherWay()] })}>
              {words.addWay}
            </button>
          </p>
          {problem('otherWays')}
        </fieldset>

        <fieldset className="form-group" aria-describedby={describedBy('selfService', true)}>
          <legend>{words.selfServiceLegend}</legend>
          <p id={`${id}-selfService-hint`} className="hint">
            {words.selfServiceHint}
          </p>
          {draft.selfService.map((link, index) => (
            <fieldset className="repeat-row" key={index}>
              <legend>{words.linkHeading(index + 1)}</legend>
              <div className="field-row">
                {LANGUAGES.map((code, at) => (
                  <TextField
                    key={code}
                    id={index === 0 && at === 0 ? `${id}-selfService` : `${id}-self-${index}-label-${code}`}
                    label={code === 'en' ? words.linkLabelEn : words.linkLabelFr}
                    lang={code}
                    value={link.label[code]}
                    max={SITE_TEXT_MAX}
                    invalid={invalid('selfService')}
                    onChange={(value) => change({ selfService: replacedAt(draft.selfService, index, { ...link, label: { ...link.label, [code]: value } }) })}
                  />
                ))}
                {LANGUAGES.map((code) => (
                  <TextField
                    key={`url-${code}`}
                    id={`${id}-self-${index}-url-${code}`}
                    label={code === 'en' ? words.linkUrlEn : words.linkUrlFr}
                    value={link.url[code]}
                    max={SITE_LINK_MAX}
                    invalid={invalid('selfService')}
                    onChange={(value) => change({ selfService: replacedAt(draft.selfService, index, { ...link, url: { ...link.url, [code]: value } }) })}
                  />
                ))}
              </div>
              <button type="button" className="button-table" onClick={() => change({ selfService: removedAt(draft.selfService, index) })}>
                {words.removeLink(index + 1)}
              </button>
            </fieldset>
          ))}
          <p>
            <button type="button" className="button-secondary" onClick={() => change({ selfService: [...draft.selfService, emptySelfService()] })}>
              {words.addLink}
            </button>
          </p>
          {problem('selfService')}
        </fieldset>

        <fieldset className="form-group" aria-describedby={describedBy('redaction', true)}>
          <legend>{words.redactionLegend}</legend>
          <p id={`${id}-redaction-hint`} className="hint">
            {words.redactionHint}
          </p>
          {(['phone', 'email', 'postalCode'] as const).map((kind, index) => (
            <label className="checkbox" key={kind}>
              <input
                id={index === 0 ? `${id}-redaction` : `${id}-redaction-${kind}`}
                type="checkbox"
                checked={draft.redaction[kind]}
                aria-invalid={invalid('redaction')}
                onChange={(event) => change({ redaction: { ...draft.redaction, [kind]: event.target.checked } })}
              />
              {words.redactionKinds[kind]}
            </label>
          ))}
          {problem('redaction')}
        </fieldset>

        <fieldset className="form-group" aria-describedby={describedBy('privacyNotice', true)}>
          <legend>{words.noticeLegend}</legend>
          <p id={`${id}-privacyNotice-hint`} className="hint">
            {words.noticeHint}
          </p>
          <label className="checkbox">
            <input
              id={`${id}-privacyNotice`}
              type="checkbox"
              checked={draft.noticeOn}
              aria-invalid={invalid('privacyNotice')}
              onChange={(event) => change({ noticeOn: event.target.checked })}
            />
            {words.noticeOnLabel}
          </label>
          {draft.noticeOn &&
            NOTICE_PARTS.map((part) => (
              <div className="field-row" key={part}>
                {LANGUAGES.map((code) => {
                  const fieldId = `${id}-notice-${part}-${code}`;
                  const label = words.noticePartIn(words.noticeParts[part], languageName(code));
                  const value = draft.notice[part][code];
                  const set = (text: string) => change({ notice: { ...draft.notice, [part]: { ...draft.notice[part], [code]: text } } });
                  return part === 'fullNoticeUrl' ? (
                    <TextField key={code} id={fieldId} label={label} value={value} max={SITE_LINK_MAX} invalid={invalid('privacyNotice')} onChange={set} />
                  ) : (
                    <div className="field" key={code}>
                      <label htmlFor={fieldId}>{label}</label>
                      <textarea
                        id={fieldId}
                        lang={code}
                        rows={2}
                        maxLength={PRIVACY_NOTICE_TEXT_MAX}
                        value={value}
                        aria-invalid={invalid('privacyNotice')}
                        onChange={(event) => set(event.target.value)}
                      />
                    </div>
                  );
                })}
              </div>
            ))}
          {problem('privacyNotice')}
        </fieldset>

        <fieldset className="form-group" aria-describedby={describedBy('quickExit', false)}>
          <legend>{words.quickExitLegend}</legend>
          <label className="checkbox">
            <input
              id={`${id}-quickExit`}
              type="checkbox"
              checked={draft.quickExitOn}
              aria-invalid={invalid('quickExit')}
              onChange={(event) => change({ quickExitOn: event.target.checked })}
            />
            {words.quickExitOnLabel}
          </label>
          {draft.quickExitOn && (
            <TextField
              id={`${id}-quickExit-url`}
              label={words.quickExitUrlLabel}
              hint={words.quickExitUrlHint(DEFAULT_QUICK_EXIT_URL)}
              value={draft.quickExitUrl}
              max={SITE_LINK_MAX}
              invalid={invalid('quickExit')}
              onChange={(value) => change({ quickExitUrl: value })}
            />
          )}
          {problem('quickExit')}
        </fieldset>

        {problems.form !== undefined && (
          <div role="alert" id={`${id}-form`} tabIndex={-1}>
            {problem('form')}
          </div>
        )}
        <div className="dialog-actions">
          <button type="submit" className="button-primary" aria-disabled={busy}>
            {editing === null ? (busy ? words.creating : words.create) : busy ? words.saving : words.save}
          </button>
        </div>
      </form>
    </section>
  );
}

/** A labelled text input, with an optional hint. */
function TextField(props: {
  id: string;
  label: string;
  value: string;
  max: number;
  invalid: boolean;
  onChange: (value: string) => void;
  hint?: string;
  lang?: string;
  inputMode?: 'numeric';
}) {
  const { id, label, value, max, invalid, onChange, hint, lang, inputMode } = props;
  return (
    <LabelledInput
      id={id}
      label={label}
      {...(hint === undefined ? {} : { hint })}
      invalid={invalid}
      type="text"
      lang={lang}
      inputMode={inputMode}
      spellCheck={lang !== undefined}
      autoComplete="off"
      maxLength={max}
      value={value}
      onChange={(event) => onChange(event.target.value)}
    />
  );
}
