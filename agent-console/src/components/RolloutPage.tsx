/**
 * The Rollout page (issue #8, point 9): a site's offer at a glance, the kill switch, changes
 * waiting for approval, the schedule, a form to propose a change, and the audit. Managers change;
 * supervisors see it read-only (the server refuses them every change all the same). The logic is
 * in rollout-state.ts and rollout-words.ts; the connection in rollout-client.ts.
 */
import { useEffect, useId, useState, useSyncExternalStore, type FormEvent, type RefObject } from 'react';
import type { AgentProfile } from '../../../protocol/models.js';
import type { RolloutLiveSite } from '../../../protocol/rollout-offer.js';
import type { AuditEntryView, RolloutChangeView, RolloutState } from '../../../protocol/rollout.js';
import type { ConsoleErrorCode } from '../console-types.js';
import { formatDateTime } from '../format.js';
import { errorText } from '../i18n.js';
import { useLanguage } from '../language.js';
import type { RolloutClient } from '../rollout-client.js';
import {
  approvalBlock,
  auditChanges,
  awaitingApproval,
  FEATURES,
  mayChangeRollout,
  mayEdit,
  pendingWait,
  scheduled,
  settingChanges,
  settingsOf,
  withChatEnabled,
} from '../rollout-state.js';
import { changeLines, pagesText } from '../rollout-words.js';
import { useNow } from '../use-now.js';
import { Fact } from './Fact.js';
import { GuardLine } from './GuardLine.js';
import { RolloutForm } from './RolloutForm.js';
import { RolloutPreviewPanel } from './RolloutPreviewPanel.js';
import { StaffingPanel } from './StaffingPanel.js';

/** The address of the whole audit as CSV (GET /api/audit.csv, managers only). */
const AUDIT_CSV_URL = '/api/audit.csv';

interface Props {
  rollout: RolloutClient;
  agent: AgentProfile;
  headingRef: RefObject<HTMLHeadingElement | null>;
}

export function RolloutPage({ rollout, agent, headingRef }: Props) {
  const { strings, language } = useLanguage();
  const words = strings.rollout;
  const view = useSyncExternalStore(rollout.subscribe, rollout.getState);
  const [editing, setEditing] = useState<RolloutChangeView | null>(null);
  /** What the manager's last action did, said politely (a new key each time, so it is read again). */
  const [notice, setNotice] = useState<{ id: number; text: string } | null>(null);
  const said = (text: string) => setNotice((previous) => ({ id: (previous?.id ?? 0) + 1, text }));
  const manager = mayChangeRollout(agent.role);
  const siteSelectId = useId();

  // Read when the page is first shown (and afresh at each visit); the client follows changes after.
  useEffect(() => {
    void rollout.open();
    return () => rollout.close();
  }, [rollout]);

  const state = view.state;
  // What the manager's last action did is old news once someone else changed the rollout.
  useEffect(() => setNotice(null), [view.refreshes]);
  // An edited change that is no longer pending (applied, withdrawn meanwhile) leaves the form.
  const editingNow = editing === null ? null : (state?.pending.find((change) => change.id === editing.id) ?? null);

  return (
    <div className="page rollout">
      <div className="page-intro">
        <h1 ref={headingRef} tabIndex={-1}>
          {strings.pages.rollout.heading}
        </h1>
        <p className="muted">{words.intro}</p>
        {!manager && <p className="notice">{words.readOnly}</p>}
        {state !== null && state.sites.length > 1 && (
          <div className="field site-picker">
            <label htmlFor={siteSelectId}>{words.site}</label>
            <select id={siteSelectId} value={state.siteId} onChange={(event) => void rollout.open(event.target.value)}>
              {state.sites.map((site) => (
                <option key={site.id} value={site.id}>
                  {site.name[language]}
                </option>
              ))}
            </select>
          </div>
        )}
      </div>
      <div role="status" className="visually-hidden">
        {view.refreshes > 0 && <p key={view.refreshes}>{words.refreshed}</p>}
      </div>
      <div role="status" className="page-notice">
        {notice !== null && (
          <p key={notice.id} className="notice">
            {notice.text}
          </p>
        )}
      </div>
      {state === null ? (
        view.error !== null ? (
          <p role="alert" className="error-text">
            {words.loadError(errorText(strings, view.error))}
          </p>
        ) : (
          <p role="status">{strings.loading}</p>
        )
      ) : (
        <>
          <Summary state={state} live={view.live} />
          <div className={manager ? 'rollout-columns' : 'rollout-columns rollout-single'}>
            <div className="rollout-column">
              {manager && <KillSwitch key={`${state.siteId}:${state.policy.version}`} state={state} rollout={rollout} onDone={said} />}
              <Pending state={state} agent={agent} rollout={rollout} onEdit={setEditing} onDone={said} />
              <Schedule state={state} manager={manager} rollout={rollout} />
              <StaffingPanel key={`staffing:${state.siteId}`} rollout={rollout} siteId={state.siteId} manager={manager} policyVersion={state.policy.version} pendingCount={state.pending.length} />
              <RolloutPreviewPanel key={state.siteId} rollout={rollout} />
            </div>
            {manager && (
              <div className="rollout-column">
                <RolloutForm
                  // A new form for each site or change edited: what it starts from.
                  key={editingNow === null ? `policy:${state.siteId}` : `change:${editingNow.id}:${editingNow.version}`}
                  policy={state.policy}
                  editing={editingNow}
                  rollout={rollout}
                  onDoneEditing={() => setEditing(null)}
                  onDone={said}
                />
              </div>
            )}
          </div>
          <Audit key={state.siteId} state={state} manager={manager} rollout={rollout} />
        </>
      )}
    </div>
  );
}

/** The policy at a glance. */
function Summary({ state, live }: { state: RolloutState; live: RolloutLiveSite | null }) {
  const { strings, locale } = useLanguage();
  const words = strings.rollout;
  const { policy } = state;
  const guard = policy.guard;
  const threshold = (value: number | null, text: (value: number) => string) => (value === null ? words.noThreshold : text(value));
  const busyQueues = live?.guards.filter((view) => view.closed).length ?? 0;
  return (
    <section className="panel rollout-summary" aria-labelledby="rollout-now-heading">
      <h2 id="rollout-now-heading">{words.nowHeading}</h2>
      <p className="muted">
        {policy.updatedAt === null ? words.policyVersion(policy.version) : words.policyChangedAt(policy.version, formatDateTime(policy.updatedAt, locale))}
      </p>
      <div className="glance">
        <div className={policy.chat.enabled ? 'glance-item' : 'glance-item glance-off'}>
          <span className="glance-term">{words.chatTerm}</span>
          <span className="glance-value">{policy.chat.enabled ? words.chatOn : words.chatOff}</span>
        </div>
        <div className="glance-item">
          <span className="glance-term">{words.shareTerm}</span>
          <span className="glance-value">{words.percent(policy.chat.share)}</span>
        </div>
        <div className={!guard.enabled ? 'glance-item glance-neutral' : busyQueues > 0 ? 'glance-item glance-warn' : 'glance-item'}>
          <span className="glance-term">{words.guardTerm}</span>
          <span className="glance-value">{!guard.enabled ? words.guardOff : live === null ? '…' : busyQueues > 0 ? words.guardBusy(busyQueues) : words.guardAllOpen}</span>
        </div>
        <div className="glance-item glance-neutral">
          <span className="glance-term">{words.exposureGlance}</span>
          <span className="glance-value">{live === null ? '…' : live.exposure.total}</span>
        </div>
      </div>
      <dl className="facts">
        <Fact term={words.pagesTerm}>{pagesText(policy, words)}</Fact>
        <Fact term={words.languagesTerm}>{policy.chat.languages.map((language) => strings.languageNames[language]).join(', ')}</Fact>
        <Fact term={words.outsideHoursTerm}>{words.outsideHours[policy.chat.outsideHours]}</Fact>
        <Fact term={words.guardTerm}>
          {guard.enabled ? words.guardThresholds(threshold(guard.maxWaitMinutes, words.minutes), threshold(guard.maxQueuePerAgent, String)) : words.guardOff}
        </Fact>
        <Fact term={words.featuresTerm}>
          {FEATURES.map((feature) => {
            const rule = policy.features[feature];
            return `${words.features[feature]} (${rule.enabled ? words.percent(rule.share) : words.off})`;
          }).join(', ')}
        </Fact>
        {Object.keys(policy.topics).length > 0 && (
          <Fact term={words.topicsTerm}>
            {Object.entries(policy.topics)
              .map(([topicId, rule]) => `${topicId} (${rule.enabled ? words.percent(rule.share) : words.off})`)
              .join(', ')}
          </Fact>
        )}
        <Fact term={words.stickinessTerm}>{words.stickiness[policy.stickiness]}</Fact>
        <Fact term={words.guardNowTerm}>
          {live === null ? (
            words.liveNotRead
          ) : live.guards.length === 0 ? (
            words.guardNowNone
          ) : (
            <ul className="change-lines">
              {live.guards.map((view) => (
                <li key={view.queueId}>
                  <GuardLine view={view} />
                </li>
              ))}
            </ul>
          )}
        </Fact>
        <Fact term={words.exposureTerm}>
          {live === null ? words.liveNotRead : words.exposureValue(live.exposure.total, live.exposure.byLanguage.en, live.exposure.byLanguage.fr)}
        </Fact>
        {live !== null && live.exposure.topPages.length > 0 && (
          <Fact term={words.topPagesTerm}>{live.exposure.topPages.map((page) => `${page.page} (${page.visitors})`).join(', ')}</Fact>
        )}
      </dl>
      <p className="footnote">{words.exposureEstimate}</p>
    </section>
  );
}

/** Turns chat off at once (narrowing: no approval), or proposes turning it back on (widening). */
function KillSwitch({ state, rollout, onDone }: { state: RolloutState; rollout: RolloutClient; onDone: (text: string) => void }) {
  const { strings } = useLanguage();
  const words = strings.rollout;
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ConsoleErrorCode | null>(null);
  const reasonId = useId();
  const errorId = useId();
  const on = state.policy.chat.enabled;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (reason.trim() === '') {
      setMissing(true);
      return;
    }
    setMissing(false);
    setBusy(true);
    const result = await rollout.propose(state.policy.version, withChatEnabled(settingsOf(state.policy), !on), reason.trim(), null);
    setBusy(false);
    if (!result.ok) setError(result.error.code);
    else onDone(result.change.status === 'applied' ? (on ? words.turnedOff : words.applied) : words.waitsForApproval);
  };

  return (
    <section className={on ? 'panel kill-switch' : 'panel kill-switch kill-switch-off'} aria-labelledby="kill-switch-heading">
      <h2 id="kill-switch-heading">{words.killHeading}</h2>
      <p>{on ? words.killIntroOn : words.killIntroOff}</p>
      <form className="inline-form" onSubmit={(event) => void submit(event)} noValidate>
        <div className="field">
          <label htmlFor={reasonId}>{words.killReason}</label>
          <input
            id={reasonId}
            type="text"
            value={reason}
            maxLength={500}
            aria-invalid={missing}
            aria-describedby={missing ? errorId : undefined}
            onChange={(event) => setReason(event.target.value)}
          />
          {missing && (
            <p id={errorId} className="error-text">
              {words.problems.reason_missing}
            </p>
          )}
        </div>
        <button type="submit" className={on ? 'button-danger' : 'button-secondary'} aria-disabled={busy}>
          {busy ? words.sending : on ? words.turnOff : words.turnOn}
        </button>
      </form>
      {error !== null && (
        <p role="alert" className="error-text">
          {words.refused(errorText(strings, error))}
        </p>
      )}
    </section>
  );
}

/** A change's facts: who proposed it and when, why, what it changes, when it applies. */
function ChangeFacts({ change, schedulePaused }: { change: RolloutChangeView; schedulePaused: boolean }) {
  const { strings, locale } = useLanguage();
  const words = strings.rollout;
  const now = useNow(30_000);
  const lines = changeLines(settingChanges(change.before, change.after), strings);
  return (
    <>
      <p className="muted">{words.proposedBy(change.proposedBy.displayName, formatDateTime(change.proposedAt, locale))}</p>
      <dl className="facts">
        <Fact term={words.changesTerm}>
          {lines.length === 0 ? (
            words.none
          ) : (
            <ul className="change-lines">
              {lines.map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
          )}
        </Fact>
        <Fact term={words.reasonTerm}>{change.reason}</Fact>
        <Fact term={words.whenTerm}>{change.applyAt === null ? words.asSoonAsApproved : formatDateTime(change.applyAt, locale)}</Fact>
        {change.approvedBy !== null && change.approvedAt !== null && (
          <Fact term={words.columnApprover}>{words.approvedBy(change.approvedBy.displayName, formatDateTime(change.approvedAt, locale))}</Fact>
        )}
      </dl>
      <p className="tag-line">
        <span className="tag">{words.waits[pendingWait(change, schedulePaused, now)]}</span>
      </p>
    </>
  );
}

/** Changes waiting for a second manager: Approve (not one's own, with the reason said), Edit (one's own), Withdraw. */
function Pending(props: { state: RolloutState; agent: AgentProfile; rollout: RolloutClient; onEdit: (change: RolloutChangeView) => void; onDone: (text: string) => void }) {
  const { strings } = useLanguage();
  const words = strings.rollout;
  const { state, agent, rollout } = props;
  const manager = mayChangeRollout(agent.role);
  const [error, setError] = useState<ConsoleErrorCode | null>(null);
  const waiting = awaitingApproval(state);

  const act = async (kind: 'approve' | 'withdraw', change: RolloutChangeView) => {
    const answer = kind === 'approve' ? await rollout.approve(change.id, change.version) : await rollout.withdraw(change.id, change.version);
    setError(answer.ok ? null : answer.error.code);
    if (answer.ok) props.onDone(kind === 'approve' ? words.approvedDone : words.withdrawnDone);
  };

  return (
    <section className="panel" aria-labelledby="pending-heading">
      <h2 id="pending-heading">{words.pendingHeading}</h2>
      {error !== null && (
        <p role="alert" className="error-text">
          {words.refused(errorText(strings, error))}
        </p>
      )}
      {waiting.length === 0 ? (
        <p className="muted">{words.pendingNone}</p>
      ) : (
        <ul className="change-list">
          {waiting.map((change) => {
            const block = approvalBlock(change, agent);
            const summary = changeLines(settingChanges(change.before, change.after), strings).join('; ');
            return (
              <li key={change.id} className="change-item">
                <ChangeFacts change={change} schedulePaused={state.schedulePaused} />
                {manager && (
                  <div className="change-actions">
                    {block === null ? (
                      <button type="button" className="button-primary" aria-label={words.approveChange(summary)} onClick={() => void act('approve', change)}>
                        {words.approve}
                      </button>
                    ) : (
                      <p className="muted">{words.approvalBlocks[block]}</p>
                    )}
                    {mayEdit(change, agent) && (
                      <button type="button" className="button-secondary" onClick={() => props.onEdit(change)}>
                        {words.edit}
                      </button>
                    )}
                    <button type="button" className="button-quiet" onClick={() => void act('withdraw', change)}>
                      {words.withdraw}
                    </button>
                  </div>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

/** Steps with a time, soonest first, and the switch that pauses them all. */
function Schedule({ state, manager, rollout }: { state: RolloutState; manager: boolean; rollout: RolloutClient }) {
  const { strings } = useLanguage();
  const words = strings.rollout;
  const [error, setError] = useState<ConsoleErrorCode | null>(null);
  const steps = scheduled(state);
  return (
    <section className="panel" aria-labelledby="schedule-heading">
      <h2 id="schedule-heading">{words.scheduleHeading}</h2>
      <p className={state.schedulePaused ? 'notice notice-warn' : 'muted'}>{state.schedulePaused ? words.schedulePaused : words.scheduleRunning}</p>
      {manager && (
        <div>
          <button
            type="button"
            className="button-secondary"
            onClick={() => void rollout.setSchedulePaused(!state.schedulePaused).then(setError)}
          >
            {state.schedulePaused ? words.resume : words.pause}
          </button>
        </div>
      )}
      {error !== null && (
        <p role="alert" className="error-text">
          {words.refused(errorText(strings, error))}
        </p>
      )}
      {steps.length === 0 ? (
        <p className="muted">{words.scheduleNone}</p>
      ) : (
        <ol className="change-list">
          {steps.map((change) => (
            <li key={change.id} className="change-item">
              <ChangeFacts change={change} schedulePaused={state.schedulePaused} />
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

/** The latest audit entries: who, when, what, before → after, why, who approved; and the whole log as CSV. */
function Audit({ state, manager, rollout }: { state: RolloutState; manager: boolean; rollout: RolloutClient }) {
  const { strings, locale } = useLanguage();
  const words = strings.rollout;
  const captionId = useId();
  // Older entries asked for page by page, below the latest ones the state carries.
  const [older, setOlder] = useState<{ entries: AuditEntryView[]; next: number | null } | null>(null);
  const [olderError, setOlderError] = useState<ConsoleErrorCode | null>(null);
  const latest = state.audit;
  const oldestShown = (older?.entries.at(-1) ?? latest.at(-1))?.seq ?? null;
  const canShowOlder = oldestShown !== null && oldestShown > 1 && (older === null || older.next !== null);
  const showOlder = async () => {
    const before = older?.next ?? oldestShown;
    if (before === null) return;
    const result = await rollout.auditPage(before);
    if (!result.ok) {
      setOlderError(result.error.code);
      return;
    }
    setOlderError(null);
    setOlder({ entries: [...(older?.entries ?? []), ...result.entries], next: result.next });
  };
  const entries = [...latest, ...(older?.entries ?? []).filter((entry) => entry.seq < (latest.at(-1)?.seq ?? Infinity))];
  return (
    <section className="panel" aria-labelledby="audit-heading">
      <h2 id="audit-heading">{words.auditHeading}</h2>
      <p className="muted">{words.auditIntro}</p>
      {manager && (
        // The export is the managers' (the route refuses anyone else).
        <p>
          <a className="csv-link" href={AUDIT_CSV_URL} download>
            {words.downloadCsv}
          </a>
        </p>
      )}
      {entries.length === 0 ? (
        <p className="muted">{words.auditNone}</p>
      ) : (
        <div className="table-scroll" role="region" aria-labelledby={captionId} tabIndex={0}>
          <table className="data-table audit-table">
            <caption id={captionId}>{words.auditCaption}</caption>
            <thead>
              <tr>
                <th scope="col">{words.columnWhen}</th>
                <th scope="col">{words.columnWho}</th>
                <th scope="col">{words.columnAction}</th>
                <th scope="col">{words.columnChange}</th>
                <th scope="col">{words.columnReason}</th>
                <th scope="col">{words.columnApprover}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => {
                const lines = changeLines(auditChanges(entry), strings);
                return (
                  <tr key={entry.seq}>
                    <td>{formatDateTime(entry.at, locale)}</td>
                    <th scope="row">{entry.actor.id === 'system' ? words.system : entry.actor.displayName}</th>
                    <td>{words.actions[entry.action] ?? entry.action}</td>
                    <td>
                      {lines.length === 0 ? (
                        '—'
                      ) : (
                        <ul className="change-lines">
                          {lines.map((line) => (
                            <li key={line}>{line}</li>
                          ))}
                        </ul>
                      )}
                    </td>
                    <td>{entry.reason ?? '—'}</td>
                    <td>{entry.approver?.displayName ?? '—'}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {canShowOlder && (
        <div>
          <button type="button" className="button-secondary" onClick={() => void showOlder()}>
            {words.showOlder}
          </button>
        </div>
      )}
      {olderError !== null && (
        <p role="alert" className="error-text">
          {words.loadError(errorText(strings, olderError))}
        </p>
      )}
    </section>
  );
}
