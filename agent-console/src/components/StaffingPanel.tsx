/**
 * The staffing projection on the Rollout page (issue #11): for now, each scheduled step and a share
 * the manager tries, how many agents the busiest hour needs beside how many are planned, with the
 * hour-by-hour table behind it; managers edit the planned hours and the targets. The logic is
 * staffing-state.ts; the words staffing-strings.ts; the maths is on the server.
 */
import { useCallback, useEffect, useId, useState, type FormEvent, type ReactNode } from 'react';
import type { AccountView } from '../../../protocol/accounts.js';
import type { Language } from '../../../protocol/languages.js';
import type { HourProjectionView, ProjectedStepView, StaffingProjectionView } from '../../../protocol/staffing.js';
import type { ConsoleErrorCode } from '../console-types.js';
import { formatDateTime } from '../format.js';
import { errorText } from '../i18n.js';
import { useLanguage } from '../language.js';
import type { RolloutClient } from '../rollout-client.js';
import { staffingStrings } from '../staffing-strings.js';
import {
  emptyRow,
  hoursShown,
  planFromForm,
  rowsOf,
  settingsForm,
  stepHeadline,
  WEEKDAYS,
  type PlannedRow,
  type PlanProblem,
  type SettingsForm,
} from '../staffing-state.js';

interface Props {
  rollout: RolloutClient;
  siteId: string;
  manager: boolean;
  /** Moves when the rollout changed (a step added, applied or withdrawn): the projection is read again. */
  policyVersion: number;
  pendingCount: number;
}

export function StaffingPanel({ rollout, siteId, manager, policyVersion, pendingCount }: Props) {
  const { strings, language } = useLanguage();
  const words = staffingStrings[language];
  const [projection, setProjection] = useState<StaffingProjectionView | null>(null);
  const [error, setError] = useState<ConsoleErrorCode | null>(null);
  const [asked, setAsked] = useState<number | undefined>(undefined);
  const [segment, setSegment] = useState<{ language?: Language; page?: string }>({});
  /** Said after a save: kept here, since the plan's form starts afresh from the saved version. */
  const [savedNotice, setSavedNotice] = useState(0);

  const read = useCallback(async () => {
    const result = await rollout.staffingProjection(siteId, asked, segment);
    if (result.ok) {
      setProjection(result.projection);
      setError(null);
    } else setError(result.error.code);
  }, [rollout, siteId, asked, segment]);

  useEffect(() => {
    void read();
  }, [read, policyVersion, pendingCount]);

  return (
    <section className="panel staffing" aria-labelledby="staffing-heading">
      <h2 id="staffing-heading">{words.heading}</h2>
      <p className="muted">{words.intro}</p>
      {projection === null ? (
        error !== null ? (
          <p role="alert" className="error-text">
            {words.loadError(errorText(strings, error))}
          </p>
        ) : (
          <p role="status">{words.loading}</p>
        )
      ) : (
        <>
          <SegmentPicker pages={projection.pages} segment={segment} onChange={setSegment} />
          <ul className="staffing-steps">
            {projection.steps.map((step, index) => (
              <li key={`${index}:${step.changeId ?? step.share}`} className={stepShort(step) ? 'staffing-short' : undefined}>
                {stepLine(step, index, asked !== undefined && index === projection.steps.length - 1)}
              </li>
            ))}
          </ul>
          <p className="footnote">
            {words.basis(projection.observedChats, projection.observedHours, projection.lookbackDays)}{' '}
            {words.work(formatNumber(projection.handleSeconds / 60, language), formatNumber(projection.concurrency, language), projection.workMeasured)} {words.method}
          </p>
          <TryShare onAsk={setAsked} />
          {projection.steps.map((step, index) => (
            <HourTable key={`${index}:${step.changeId ?? step.share}`} step={step} title={stepTitle(step, index, asked !== undefined && index === projection.steps.length - 1)} />
          ))}
          <PlanForm
            key={`${projection.siteId}:${projection.plan.version}`}
            projection={projection}
            manager={manager}
            rollout={rollout}
            onSaved={() => {
              setSavedNotice((count) => count + 1);
              void read();
            }}
          />
          <div role="status">
            {savedNotice > 0 && (
              <p key={savedNotice} className="notice">
                {words.saved}
              </p>
            )}
          </div>
        </>
      )}
    </section>
  );

  function stepTitle(step: ProjectedStepView, index: number, isAsked: boolean): string {
    const day = words.weekdays[step.weekday];
    if (isAsked) return words.asked(step.share, day);
    if (index === 0 || step.applyAt === null) return words.now(step.share);
    return words.step(step.share, day, formatDateTime(step.applyAt, language === 'fr' ? 'fr-CA' : 'en-CA'));
  }

  function stepLine(step: ProjectedStepView, index: number, isAsked: boolean) {
    const headline = stepHeadline(step);
    const title = stepTitle(step, index, isAsked);
    if (headline.kind === 'unobserved') return `${title}: ${words.unobserved}`;
    return (
      <>
        <strong>{`${title}: `}</strong>
        {`${words.needs(headline.needed, hourText(headline.hour), headline.neededHigh)}; ${words.planned(headline.scheduled)}`}
        {headline.short && <strong>{` ${words.short(headline.needed - headline.scheduled)}`}</strong>}
      </>
    );
  }
}

function stepShort(step: ProjectedStepView): boolean {
  const headline = stepHeadline(step);
  return headline.kind === 'projected' && headline.short;
}

/** Which part of the site's demand to project: a language, a page group, or the whole site. */
function SegmentPicker({ pages, segment, onChange }: { pages: string[]; segment: { language?: Language; page?: string }; onChange: (segment: { language?: Language; page?: string }) => void }) {
  const { strings, language } = useLanguage();
  const words = staffingStrings[language];
  const languageId = useId();
  const pageId = useId();
  // A page chosen before stays in the list even when this period saw none of it.
  const choices = segment.page === undefined || pages.includes(segment.page) ? pages : [segment.page, ...pages];
  return (
    <div className="inline-form staffing-segment">
      <div className="field">
        <label htmlFor={languageId}>{words.segmentLanguage}</label>
        <select
          id={languageId}
          value={segment.language ?? ''}
          onChange={(event) => onChange({ ...segment, language: event.target.value === '' ? undefined : (event.target.value as Language) })}
        >
          <option value="">{words.allLanguages}</option>
          <option value="en">{strings.languageNames.en}</option>
          <option value="fr">{strings.languageNames.fr}</option>
        </select>
      </div>
      <div className="field">
        <label htmlFor={pageId}>{words.segmentPages}</label>
        <select id={pageId} value={segment.page ?? ''} onChange={(event) => onChange({ ...segment, page: event.target.value === '' ? undefined : event.target.value })}>
          <option value="">{words.allPages}</option>
          {choices.map((page) => (
            <option key={page} value={page}>
              {page}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}

const hourText = (hour: number): string => `${String(hour).padStart(2, '0')}:00`;

function formatNumber(value: number, language: string): string {
  return new Intl.NumberFormat(language === 'fr' ? 'fr-CA' : 'en-CA', { maximumFractionDigits: 1 }).format(value);
}

/** "Try another share": asks the projection at a share the schedule does not hold. */
function TryShare({ onAsk }: { onAsk: (share: number | undefined) => void }) {
  const { language } = useLanguage();
  const words = staffingStrings[language];
  const [text, setText] = useState('');
  const [invalid, setInvalid] = useState(false);
  const inputId = useId();
  const errorId = useId();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const share = Number(text.trim());
    if (text.trim() === '' || !Number.isInteger(share) || share < 0 || share > 100) {
      setInvalid(true);
      return;
    }
    setInvalid(false);
    onAsk(share);
  };
  return (
    <form className="inline-form" onSubmit={submit} noValidate aria-label={words.tryHeading}>
      <div className="field">
        <label htmlFor={inputId}>{words.tryLabel}</label>
        <input
          id={inputId}
          type="text"
          inputMode="numeric"
          value={text}
          onChange={(event) => setText(event.target.value)}
          aria-invalid={invalid || undefined}
          aria-describedby={invalid ? errorId : undefined}
        />
        {invalid && (
          <p id={errorId} className="error-text">
            {words.tryInvalid}
          </p>
        )}
      </div>
      <button type="submit">{words.tryButton}</button>
    </form>
  );
}

/** A step's hours, in a disclosure (the headline says the busiest; this says every hour seen or planned). */
function HourTable({ step, title }: { step: ProjectedStepView; title: string }) {
  const { language } = useLanguage();
  const words = staffingStrings[language];
  const hours = hoursShown(step);
  if (hours.length === 0) return null;
  const number = (value: number | null) => (value === null ? '–' : formatNumber(value, language));
  const range = (hour: HourProjectionView) => (hour.arrivalsPerHour === null ? '–' : `${number(hour.arrivalsPerHour)} (${number(hour.low)}–${number(hour.high)})`);
  return (
    <details className="staffing-hours">
      <summary>{`${words.showHours}: ${title}`}</summary>
      <table className="data-table">
        <caption>{words.tableCaption(title)}</caption>
        <thead>
          <tr>
            <th scope="col">{words.columns.hour}</th>
            <th scope="col">{words.columns.chats}</th>
            <th scope="col">{words.columns.agents}</th>
            <th scope="col">{words.columns.high}</th>
            <th scope="col">{words.columns.slot}</th>
            <th scope="col">{words.columns.fte}</th>
            <th scope="col">{words.columns.planned}</th>
          </tr>
        </thead>
        <tbody>
          {hours.map((hour) => (
            <tr key={hour.hour}>
              <th scope="row">{hourText(hour.hour)}</th>
              <td className="number">{range(hour)}</td>
              <td className="number">{number(hour.agentsNeeded)}</td>
              <td className="number">{number(hour.agentsNeededHigh)}</td>
              <td className="number">{number(hour.slotModelAgents)}</td>
              <td className="number">{number(hour.fullTimeEquivalents)}</td>
              <td className="number">{hour.scheduled}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}

const SETTING_FIELDS: (keyof SettingsForm)[] = ['serviceLevel', 'answerWithinSeconds', 'maxOccupancy', 'shrinkage'];

/** The planned hours and the targets: a form for managers, a table for supervisors. */
function PlanForm({ projection, manager, rollout, onSaved }: { projection: StaffingProjectionView; manager: boolean; rollout: RolloutClient; onSaved: () => void }) {
  const { strings, language } = useLanguage();
  const words = staffingStrings[language];
  const [rows, setRows] = useState<PlannedRow[]>(() => rowsOf(projection.plan.agents));
  const [form, setForm] = useState<SettingsForm>(() => settingsForm(projection.plan.settings));
  const [problems, setProblems] = useState<PlanProblem[]>([]);
  const [accounts, setAccounts] = useState<AccountView[]>([]);
  const [adding, setAdding] = useState('');
  const [outcome, setOutcome] = useState<{ id: number; text: string; failed: boolean } | null>(null);
  const [busy, setBusy] = useState(false);
  const baseId = useId();

  useEffect(() => {
    if (!manager) return;
    void rollout.accounts().then((result) => result.ok && setAccounts(result.accounts.filter((account) => account.active)));
  }, [manager, rollout]);

  const nameOf = (row: PlannedRow) => row.displayName ?? words.unknownAgent;
  const addable = accounts.filter((account) => !rows.some((row) => row.agentId === account.id));
  const dayProblem = (row: PlannedRow, day: (typeof WEEKDAYS)[number]) => problems.some((problem) => 'day' in problem && problem.agentId === row.agentId && problem.day === day);
  const fieldProblem = (field: keyof SettingsForm) => problems.some((problem) => 'field' in problem && problem.field === field);
  const say = (text: string, failed: boolean) => setOutcome((previous) => ({ id: (previous?.id ?? 0) + 1, text, failed }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const plan = planFromForm(rows, form);
    if ('problems' in plan) {
      setProblems(plan.problems);
      say(words.formInvalid, true);
      return;
    }
    setProblems([]);
    setBusy(true);
    const result = await rollout.saveStaffingPlan({ siteId: projection.siteId, version: projection.plan.version, ...plan });
    setBusy(false);
    if (result.ok) onSaved();
    else say(words.saveError(errorText(strings, result.error.code)), true);
  };

  if (!manager) {
    return (
      <div className="staffing-plan">
        <h3>{words.planHeading}</h3>
        <p className="muted">{words.planReadOnly}</p>
        <PlanTable rows={rows} />
      </div>
    );
  }

  return (
    <form className="staffing-plan" onSubmit={(event) => void submit(event)} noValidate aria-labelledby={`${baseId}-heading`}>
      <h3 id={`${baseId}-heading`}>{words.planHeading}</h3>
      <p className="muted">{words.planIntro}</p>
      <div className="staffing-settings">
        {SETTING_FIELDS.map((field) => (
          <div className="field" key={field}>
            <label htmlFor={`${baseId}-${field}`}>{words.settings[field]}</label>
            <input
              id={`${baseId}-${field}`}
              type="text"
              inputMode="decimal"
              value={form[field]}
              onChange={(event) => setForm({ ...form, [field]: event.target.value })}
              aria-invalid={fieldProblem(field) || undefined}
              aria-describedby={fieldProblem(field) ? `${baseId}-${field}-error` : undefined}
            />
            {fieldProblem(field) && (
              <p id={`${baseId}-${field}-error`} className="error-text">
                {words.settingInvalid}
              </p>
            )}
          </div>
        ))}
      </div>
      {rows.length === 0 ? (
        <p>{words.noPlannedAgents}</p>
      ) : (
        <PlanTableFrame className="data-table staffing-plan-table" lastColumn={<span className="visually-hidden">{words.removeColumn}</span>}>
          <tbody>
            {rows.map((row, index) => (
              <tr key={row.agentId}>
                <th scope="row">{nameOf(row)}</th>
                {WEEKDAYS.map((day) => (
                  <td key={day}>
                    <input
                      type="text"
                      className="hours-input"
                      aria-label={`${nameOf(row)}, ${words.weekdays[day]}`}
                      value={row.days[day]}
                      onChange={(event) => setRows(rows.map((other, at) => (at === index ? { ...other, days: { ...other.days, [day]: event.target.value } } : other)))}
                      aria-invalid={dayProblem(row, day) || undefined}
                      aria-describedby={dayProblem(row, day) ? `${baseId}-${row.agentId}-${day}-error` : undefined}
                    />
                  </td>
                ))}
                <td>
                  <button type="button" onClick={() => setRows(rows.filter((_, at) => at !== index))}>
                    {words.removeAgent(nameOf(row))}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </PlanTableFrame>
      )}
      {problems.some((problem) => 'day' in problem) && (
        <ul className="error-text">
          {rows.flatMap((row) =>
            WEEKDAYS.filter((day) => dayProblem(row, day)).map((day) => (
              <li key={`${row.agentId}-${day}`} id={`${baseId}-${row.agentId}-${day}-error`}>
                {words.dayInvalid(nameOf(row), words.weekdays[day])}
              </li>
            )),
          )}
        </ul>
      )}
      {addable.length === 0 ? (
        accounts.length > 0 && <p className="muted">{words.noOneToAdd}</p>
      ) : (
        <div className="inline-form staffing-add">
          <div className="field">
            <label htmlFor={`${baseId}-add`}>{words.addAgentLabel}</label>
            <select id={`${baseId}-add`} value={adding} onChange={(event) => setAdding(event.target.value)}>
              <option value="">–</option>
              {addable.map((account) => (
                <option key={account.id} value={account.id}>
                  {account.displayName}
                </option>
              ))}
            </select>
          </div>
          <button
            type="button"
            disabled={adding === ''}
            onClick={() => {
              const account = addable.find((candidate) => candidate.id === adding);
              if (account === undefined) return;
              setRows([...rows, emptyRow(account.id, account.displayName)]);
              setAdding('');
            }}
          >
            {words.addAgentButton}
          </button>
        </div>
      )}
      <div role="status">
        {outcome !== null && (
          <p key={outcome.id} className={outcome.failed ? 'error-text' : 'notice'}>
            {outcome.text}
          </p>
        )}
      </div>
      <button type="submit" className="primary" disabled={busy}>
        {words.save}
      </button>
    </form>
  );
}

/** The plan, read-only (supervisors). */
function PlanTable({ rows }: { rows: PlannedRow[] }) {
  const { language } = useLanguage();
  const words = staffingStrings[language];
  if (rows.length === 0) return <p>{words.noPlannedAgents}</p>;
  return (
    <PlanTableFrame className="data-table">
        <tbody>
          {rows.map((row) => (
            <tr key={row.agentId}>
              <th scope="row">{row.displayName ?? words.unknownAgent}</th>
              {WEEKDAYS.map((day) => (
                <td key={day}>{row.days[day] === '' ? '–' : row.days[day]}</td>
              ))}
            </tr>
          ))}
        </tbody>
    </PlanTableFrame>
  );
}

/** The plan's table around its rows: the caption, the agent and weekday headings, and an optional last column. */
function PlanTableFrame({ className, lastColumn, children }: { className: string; lastColumn?: ReactNode; children: ReactNode }) {
  const { language } = useLanguage();
  const words = staffingStrings[language];
  const captionId = useId();
  return (
    <div className="table-scroll" role="region" aria-labelledby={captionId} tabIndex={0}>
      <table className={className}>
        <caption id={captionId}>{words.planHeading}</caption>
        <thead>
          <tr>
            <th scope="col">{words.agentColumn}</th>
            {WEEKDAYS.map((day) => (
              <th scope="col" key={day}>
                {words.weekdays[day]}
              </th>
            ))}
            {lastColumn !== undefined && <th scope="col">{lastColumn}</th>}
          </tr>
        </thead>
        {children}
      </table>
    </div>
  );
}
