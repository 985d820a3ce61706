/**
 * The form a manager proposes a change with (or edits their pending one): the share, the pages,
 * the languages, the hours, each part of the service and topic, the capacity guard, where a
 * visitor's place is kept, the reason and an optional time. Problems, the console's own and the
 * server's refusal reasons, show beside their field.
 */
import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import type { Language } from '../../../protocol/languages.js';
import type { RolloutChangeView, RolloutPolicyView, RolloutSettings } from '../../../protocol/rollout.js';
import { formatDateTime } from '../format.js';
import { errorText } from '../i18n.js';
import { useLanguage } from '../language.js';
import type { RolloutClient } from '../rollout-client.js';
import {
  changeSettings,
  FEATURES,
  formOf,
  serverProblems,
  settingChanges,
  settingsFromForm,
  settingsOf,
  type FormField,
  type LocalProblem,
  type PolicyForm,
} from '../rollout-state.js';

interface Props {
  policy: RolloutPolicyView;
  /** The manager's own pending change being edited, or null to propose a new one. */
  editing: RolloutChangeView | null;
  rollout: RolloutClient;
  onDoneEditing: () => void;
  /** Says what a change sent did (applied, waiting, scheduled), on the page: the form may start again. */
  onDone: (text: string) => void;
}

/** A `datetime-local` value in the browser's time zone, as an ISO time; null when it is not one. */
function localToIso(local: string): string | null {
  const time = new Date(local);
  return Number.isNaN(time.getTime()) ? null : time.toISOString();
}

/** An ISO time as a `datetime-local` value in the browser's time zone. */
function isoToLocal(iso: string): string {
  const time = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${time.getFullYear()}-${pad(time.getMonth() + 1)}-${pad(time.getDate())}T${pad(time.getHours())}:${pad(time.getMinutes())}`;
}

type Problems = Partial<Record<FormField, string[]>>;

export function RolloutForm({ policy, editing, rollout, onDoneEditing, onDone }: Props) {
  const { strings, locale } = useLanguage();
  const words = strings.rollout;
  // What the form started from: a change proposed says so (a policy changed meanwhile by someone
  // else is refused with `conflict`, never silently undone).
  const [start, setStart] = useState<{ version: number; settings: RolloutSettings }>(() => ({
    version: policy.version,
    settings: editing === null ? settingsOf(policy) : changeSettings(editing),
  }));
  const base = start.settings;
  const [form, setForm] = useState<PolicyForm>(() => {
    const fields = formOf(base);
    return editing === null ? fields : { ...fields, reason: editing.reason, applyAt: editing.applyAt === null ? '' : isoToLocal(editing.applyAt) };
  });
  const [problems, setProblems] = useState<Problems>({});
  const [summary, setSummary] = useState<string | null>(null);
  const restart = (from: RolloutPolicyView) => {
    setStart({ version: from.version, settings: settingsOf(from) });
    setForm(formOf(settingsOf(from)));
    setProblems({});
    setSummary(null);
  };
  // A form nobody has touched follows the policy as it changes; one being filled in is kept, and
  // says the policy moved (its proposal would be refused with `conflict`).
  const untouched = editing === null && JSON.stringify(form) === JSON.stringify(formOf(base));
  useEffect(() => {
    if (untouched && policy.version !== start.version) restart(policy);
  }, [policy.version]);
  const [busy, setBusy] = useState(false);
  const [newTopic, setNewTopic] = useState('');
  const summaryRef = useRef<HTMLDivElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  // "Edit" is pressed beside the change, far from the form: the form's heading is the next place to be.
  useEffect(() => {
    if (editing !== null) headingRef.current?.focus();
  }, [editing]);
  const id = useId();

  const set = <K extends keyof PolicyForm>(key: K, value: PolicyForm[K]) => setForm((current) => ({ ...current, [key]: value }));

  const localText = (problem: LocalProblem): string => {
    switch (problem.code) {
      case 'official_languages':
        return words.officialLanguages(strings.languageNames[problem.missing]);
      case 'page_language':
        return words.pageLine(problem.line);
      default:
        return words.problems[problem.code];
    }
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const outcome = settingsFromForm(form, base, localToIso);
    if (!outcome.ok) {
      const found: Problems = {};
      for (const problem of outcome.problems) (found[problem.field] ??= []).push(localText(problem));
      setProblems(found);
      setSummary(words.fixProblems);
      summaryRef.current?.focus();
      return;
    }
    if (editing === null && settingChanges(base, outcome.settings).length === 0) {
      setProblems({});
      setSummary(words.nothingChanged);
      summaryRef.current?.focus();
      return;
    }
    setBusy(true);
    const result =
      editing === null
        ? await rollout.propose(start.version, outcome.settings, outcome.reason, outcome.applyAt)
        : await rollout.edit(editing.id, editing.version, outcome.settings, outcome.reason, outcome.applyAt);
    setBusy(false);
    if (!result.ok) {
      const found: Problems = {};
      if (result.error.code === 'invalid_policy') {
        for (const problem of serverProblems(result.error.message)) (found[problem.field] ??= []).push(problem.text);
      }
      setProblems(found);
      setSummary(words.refused(errorText(strings, result.error.code)));
      summaryRef.current?.focus();
      return;
    }
    setProblems({});
    setSummary(null);
    const change = result.change;
    if (editing !== null) {
      onDone(words.edited);
      onDoneEditing();
      return;
    }
    if (change.status === 'applied') onDone(words.applied);
    else if (change.needsApproval && change.approvedBy === null) onDone(words.waitsForApproval);
    else if (change.applyAt !== null) onDone(words.scheduledFor(formatDateTime(change.applyAt, locale)));
    else onDone(words.applied);
    // The client read the state again after the proposal: the form starts from the policy as it is now.
    const after = rollout.getState().state?.policy;
    if (after !== undefined) restart(after);
  };

  /** Props that tie a field to its problems (described by them, marked invalid). */
  const problemProps = (field: FormField) => {
    const has = (problems[field]?.length ?? 0) > 0;
    return { 'aria-invalid': has, 'aria-errormessage': has ? `${id}-${field}-error` : undefined };
  };
  const problemText = (field: FormField): ReactNode => {
    const list = problems[field];
    if (list === undefined || list.length === 0) return null;
    return (
      <div id={`${id}-${field}-error`} className="field-problems">
        {list.map((text) => (
          <p key={text} className="error-text">
            {text}
          </p>
        ))}
      </div>
    );
  };
  const describedBy = (field: FormField, hint?: string) => [hint, (problems[field]?.length ?? 0) > 0 ? `${id}-${field}-error` : undefined].filter(Boolean).join(' ') || undefined;

  const formProblems = problems.form ?? [];

  return (
    <section className="panel rollout-form" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`} ref={headingRef} tabIndex={-1}>
        {editing === null ? words.formHeading : words.editHeading}
      </h2>
      <p className="muted">{words.formIntro}</p>
      <div ref={summaryRef} tabIndex={-1} role="alert" className="form-summary">
        {summary !== null && <p className="error-text">{summary}</p>}
        {formProblems.map((text) => (
          <p key={text} className="error-text">
            {text}
          </p>
        ))}
      </div>
      {editing === null && policy.version !== start.version && (
        <div className="notice notice-warn">
          <p>{words.policyMoved}</p>
          <button type="button" className="button-secondary" onClick={() => restart(policy)}>
            {words.startAgain}
          </button>
        </div>
      )}
      <form onSubmit={(event) => void submit(event)} noValidate className="stacked-form">
        <div className="field">
          <label htmlFor={`${id}-share`}>{words.shareLabel}</label>
          <input
            id={`${id}-share`}
            type="number"
            inputMode="numeric"
            min={0}
            max={100}
            step={1}
            className="input-short"
            value={form.share}
            onChange={(event) => set('share', event.target.value)}
            aria-describedby={describedBy('share', `${id}-share-hint`)}
            {...problemProps('share')}
          />
          <p id={`${id}-share-hint`} className="hint">
            {words.shareHint}
          </p>
          {problemText('share')}
        </div>

        <div className="field">
          <label htmlFor={`${id}-include`}>{words.includeLabel}</label>
          <textarea
            id={`${id}-include`}
            rows={3}
            value={form.includePages}
            spellCheck={false}
            onChange={(event) => set('includePages', event.target.value)}
            aria-describedby={describedBy('includePages', `${id}-include-hint`)}
            {...problemProps('includePages')}
          />
          <p id={`${id}-include-hint`} className="hint">
            {words.includeHint}
          </p>
          {problemText('includePages')}
        </div>

        <div className="field">
          <label htmlFor={`${id}-exclude`}>{words.excludeLabel}</label>
          <textarea
            id={`${id}-exclude`}
            rows={2}
            value={form.excludePages}
            spellCheck={false}
            onChange={(event) => set('excludePages', event.target.value)}
            aria-describedby={describedBy('excludePages', `${id}-exclude-hint`)}
            {...problemProps('excludePages')}
          />
          <p id={`${id}-exclude-hint`} className="hint">
            {words.excludeHint}
          </p>
          {problemText('excludePages')}
        </div>

        <fieldset aria-describedby={describedBy('languages')}>
          <legend>{words.languagesLegend}</legend>
          <div className="choice-row">
            {(['en', 'fr'] as Language[]).map((language) => (
              <label key={language} className="checkbox">
                <input
                  type="checkbox"
                  checked={form.languages[language]}
                  onChange={(event) => set('languages', { ...form.languages, [language]: event.target.checked })}
                  {...problemProps('languages')}
                />
                {strings.languageNames[language]}
              </label>
            ))}
          </div>
          {problemText('languages')}
        </fieldset>

        <fieldset>
          <legend>{words.outsideHoursLegend}</legend>
          {(['show_closed', 'hide'] as const).map((choice) => (
            <label key={choice} className="radio">
              <input type="radio" name={`${id}-outside`} checked={form.outsideHours === choice} onChange={() => set('outsideHours', choice)} />
              {words.outsideHoursChoice[choice]}
            </label>
          ))}
        </fieldset>

        <fieldset>
          <legend>{words.featuresLegend}</legend>
          <div className="rule-rows">
            {FEATURES.map((feature) => {
              const fields = form.features[feature];
              const field: FormField = `feature.${feature}`;
              const name = words.features[feature];
              return (
                <div key={feature} className="rule-row">
                  <label className="checkbox">
                    <input
                      type="checkbox"
                      checked={fields.enabled}
                      onChange={(event) => set('features', { ...form.features, [feature]: { ...fields, enabled: event.target.checked } })}
                    />
                    {name}
                  </label>
                  <label className="share-field">
                    <span className="visually-hidden">{words.shareOf(name)}</span>
                    <input
                      type="number"
                      min={0}
                      max={100}
                      step={1}
                      className="input-short"
                      value={fields.share}
                      onChange={(event) => set('features', { ...form.features, [feature]: { ...fields, share: event.target.value } })}
                      aria-describedby={describedBy(field)}
                      {...problemProps(field)}
                    />
                    <span aria-hidden="true">%</span>
                  </label>
                  {problemText(field)}
                </div>
              );
            })}
          </div>
        </fieldset>

        <fieldset>
          <legend>{words.topicsLegend}</legend>
          <p className="hint">{words.topicsIntro}</p>
          <div className="rule-rows">
            {Object.entries(form.topics).map(([topicId, fields]) => {
              const field: FormField = `topic.${topicId}`;
              const name = words.topicName(topicId);
              return (
                <div key={topicId} className="rule-row">
                  <label className="checkbox">
                    <input
                      type="checkbox"
                      checked={fields.enabled}
                      onChange={(event) => set('topics', { ...form.topics, [topicId]: { ...fields, enabled: event.target.checked } })}
                    />
                    {name}
                  </label>
                  <label className="share-field">
                    <span className="visually-hidden">{words.shareOf(name)}</span>
                    <input
                      type="number"
                      min={0}
                      max={100}
                      step={1}
                      className="input-short"
                      value={fields.share}
                      onChange={(event) => set('topics', { ...form.topics, [topicId]: { ...fields, share: event.target.value } })}
                      aria-describedby={describedBy(field)}
                      {...problemProps(field)}
                    />
                    <span aria-hidden="true">%</span>
                  </label>
                  <button
                    type="button"
                    className="button-quiet"
                    aria-label={words.removeTopic(topicId)}
                    onClick={() => set('topics', Object.fromEntries(Object.entries(form.topics).filter(([other]) => other !== topicId)))}
                  >
                    ✕
                  </button>
                  {problemText(field)}
                </div>
              );
            })}
          </div>
          <div className="inline-form">
            <div className="field">
              <label htmlFor={`${id}-topic`}>{words.addTopicLabel}</label>
              <input id={`${id}-topic`} type="text" value={newTopic} maxLength={64} spellCheck={false} onChange={(event) => setNewTopic(event.target.value)} />
            </div>
            <button
              type="button"
              className="button-secondary"
              onClick={() => {
                const topicId = newTopic.trim();
                if (topicId === '' || form.topics[topicId] !== undefined) return;
                set('topics', { ...form.topics, [topicId]: { enabled: base.chat.enabled, share: String(base.chat.share) } });
                setNewTopic('');
              }}
            >
              {words.addTopic}
            </button>
          </div>
        </fieldset>

        <fieldset>
          <legend>{words.guardLegend}</legend>
          <label className="checkbox">
            <input type="checkbox" checked={form.guardEnabled} onChange={(event) => set('guardEnabled', event.target.checked)} />
            {words.guardEnabled}
          </label>
          <div className="field-row">
            <div className="field">
              <label htmlFor={`${id}-wait`}>{words.maxWaitLabel}</label>
              <input
                id={`${id}-wait`}
                type="text"
                inputMode="decimal"
                className="input-short"
                value={form.maxWaitMinutes}
                onChange={(event) => set('maxWaitMinutes', event.target.value)}
                aria-describedby={describedBy('maxWaitMinutes', `${id}-threshold-hint`)}
                {...problemProps('maxWaitMinutes')}
              />
              {problemText('maxWaitMinutes')}
            </div>
            <div className="field">
              <label htmlFor={`${id}-per-agent`}>{words.maxQueueLabel}</label>
              <input
                id={`${id}-per-agent`}
                type="text"
                inputMode="decimal"
                className="input-short"
                value={form.maxQueuePerAgent}
                onChange={(event) => set('maxQueuePerAgent', event.target.value)}
                aria-describedby={describedBy('maxQueuePerAgent', `${id}-threshold-hint`)}
                {...problemProps('maxQueuePerAgent')}
              />
              {problemText('maxQueuePerAgent')}
            </div>
          </div>
          <p id={`${id}-threshold-hint`} className="hint">
            {words.thresholdHint}
          </p>
          {problemText('guard')}
        </fieldset>

        <fieldset>
          <legend>{words.stickinessLegend}</legend>
          {(['session', 'browser'] as const).map((choice) => (
            <label key={choice} className="radio">
              <input type="radio" name={`${id}-stickiness`} checked={form.stickiness === choice} onChange={() => set('stickiness', choice)} />
              {words.stickiness[choice]}
            </label>
          ))}
        </fieldset>

        <div className="field">
          <label htmlFor={`${id}-reason`}>{words.reasonLabel}</label>
          <textarea
            id={`${id}-reason`}
            rows={2}
            maxLength={500}
            value={form.reason}
            onChange={(event) => set('reason', event.target.value)}
            aria-describedby={describedBy('reason')}
            {...problemProps('reason')}
          />
          {problemText('reason')}
        </div>

        <div className="field">
          <label htmlFor={`${id}-apply-at`}>{words.applyAtLabel}</label>
          <input
            id={`${id}-apply-at`}
            type="datetime-local"
            value={form.applyAt}
            onChange={(event) => set('applyAt', event.target.value)}
            aria-describedby={describedBy('applyAt', `${id}-apply-at-hint`)}
            {...problemProps('applyAt')}
          />
          <p id={`${id}-apply-at-hint`} className="hint">
            {words.applyAtHint}
          </p>
          {problemText('applyAt')}
        </div>

        <div className="form-actions">
          <button type="submit" className="button-primary" aria-disabled={busy}>
            {busy ? words.sending : editing === null ? words.propose : words.saveEdit}
          </button>
          {editing !== null && (
            <button type="button" className="button-quiet" onClick={onDoneEditing}>
              {words.cancelEdit}
            </button>
          )}
        </div>
      </form>
    </section>
  );
}
