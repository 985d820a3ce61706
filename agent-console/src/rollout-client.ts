/**
 * The Rollout page over the console's live connection (supervisors read, managers change): reads a
 * site's governance (`rollout:state`), reads it again when `rollout:changed` says that site changed
 * and after a reconnection, and sends the managers' changes. Components read it with
 * `useSyncExternalStore`; what to show is rollout-state.ts's business.
 */
import type { RolloutPreview, RolloutLiveSite } from '../../protocol/rollout-offer.js';
import type { RolloutSettings, RolloutState } from '../../protocol/rollout.js';
import type { AgentClientEvents } from '../../protocol/agent-events.js';
import type { Language } from '../../protocol/languages.js';
import type { PayloadOf } from '../../delivery/command.js';
import type { AgentCommandResult, AgentSocket } from './agent-socket.js';
import type { ConsoleErrorCode } from './console-types.js';
import { sameGovernance } from './rollout-state.js';
import type { SendCommand } from './supervision-client.js';

export interface RolloutView {
  /** The page has been opened: it follows changes from now on. */
  open: boolean;
  state: RolloutState | null;
  /** Reading failed (and nothing was read before). */
  error: ConsoleErrorCode | null;
  /** Grows by one each time the state is read afresh because someone changed it (for a polite announcement). */
  refreshes: number;
  /** The shown site's capacity guards and today's exposure, read every LIVE_REFRESH_MS; null until read. */
  live: RolloutLiveSite | null;
}

const CLOSED: RolloutView = { open: false, state: null, error: null, refreshes: 0, live: null };

/** Audit entries asked for at a time by "Show older entries". */
const AUDIT_PAGE = 20;

/** How often the guards and the exposure are read while the page is open (nothing announces them). */
const LIVE_REFRESH_MS = 15_000;

/** How long after a `rollout:changed` the state is read (changes meanwhile make one read). */
const REFRESH_DELAY_MS = 200;

export class RolloutClient {
  private view: RolloutView = CLOSED;
  private readonly listeners = new Set<() => void>();
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;
  private liveTimer: ReturnType<typeof setInterval> | undefined;
  /** The site asked for last (reads answered for another site, crossed by a switch, are dropped). */
  private siteId: string | undefined;

  constructor(private readonly send: SendCommand) {}

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getState = (): RolloutView => this.view;

  /** Follows the live events of a (new) connection. */
  listen(socket: AgentSocket): void {
    socket.on('rollout:changed', ({ siteId }) => {
      if (!this.view.open || this.view.state?.siteId !== siteId || this.refreshTimer !== undefined) return;
      this.refreshTimer = setTimeout(() => {
        this.refreshTimer = undefined;
        void this.read(true);
      }, REFRESH_DELAY_MS);
    });
  }

  /** Opens the page on a site (the first one when none is given), or reads the one shown afresh. */
  async open(siteId?: string): Promise<void> {
    this.siteId = siteId ?? this.view.state?.siteId;
    const switched = siteId !== undefined && siteId !== this.view.state?.siteId;
    this.update({ ...this.view, open: true, live: switched ? null : this.view.live });
    this.liveTimer ??= setInterval(() => void this.readLive(), LIVE_REFRESH_MS);
    await this.read(false);
    await this.readLive();
  }

  /** The page is gone: stop reading the live figures (changes are still heard, and read at the next visit). */
  close(): void {
    clearInterval(this.liveTimer);
    this.liveTimer = undefined;
    this.update({ ...this.view, open: false });
  }

  /** What a visitor on a page, in a language, at a time would be offered on the shown site, and why. */
  async preview(request: Omit<RolloutPreview, 'siteId'>): Promise<AgentCommandResult<'rollout:preview'>> {
    const siteId = this.view.state?.siteId;
    if (siteId === undefined) return { ok: false, error: { code: 'conflict', message: 'not loaded' } };
    return this.send('rollout:preview', { ...request, siteId });
  }

  /** After a reconnection: read again what may have changed meanwhile. */
  async resume(): Promise<void> {
    if (!this.view.open) return;
    await this.read(false);
    await this.readLive();
  }

  /**
   * Proposes the settings after a change, made from the policy at `policyVersion` (the one the
   * manager saw: if it moved since, the server refuses with `conflict` rather than undo a change
   * the manager never saw); reads the state again after.
   */
  async propose(policyVersion: number, settings: RolloutSettings, reason: string, applyAt: string | null): Promise<AgentCommandResult<'rollout:propose'>> {
    const state = this.view.state;
    if (state === null) return { ok: false, error: { code: 'conflict', message: 'not loaded' } };
    const result = await this.send('rollout:propose', {
      siteId: state.siteId,
      from: { policyVersion },
      settings,
      reason,
      applyAt,
    });
    await this.read(false);
    return result;
  }

  /** The proposer edits their pending change (its approval is voided). */
  async edit(changeId: string, version: number, settings: RolloutSettings, reason: string, applyAt: string | null): Promise<AgentCommandResult<'rollout:edit'>> {
    const result = await this.send('rollout:edit', { changeId, version, settings, reason, applyAt });
    await this.read(false);
    return result;
  }

  async approve(changeId: string, version: number): Promise<AgentCommandResult<'rollout:approve'>> {
    const result = await this.send('rollout:approve', { changeId, version });
    await this.read(false);
    return result;
  }

  async withdraw(changeId: string, version: number): Promise<AgentCommandResult<'rollout:withdraw'>> {
    const result = await this.send('rollout:withdraw', { changeId, version });
    await this.read(false);
    return result;
  }

  /** Pauses or resumes the shown site's schedule. */
  async setSchedulePaused(paused: boolean): Promise<ConsoleErrorCode | null> {
    const state = this.view.state;
    if (state === null) return 'conflict';
    const result = await this.send(paused ? 'rollout:pause-schedule' : 'rollout:resume-schedule', { siteId: state.siteId });
    await this.read(false);
    return result.ok ? null : result.error.code;
  }

  /** The staffing projection of the shown site: now, each scheduled step, and `targetShare` (0–100) if given. */
  staffingProjection(siteId: string, targetShare?: number, segment: { language?: Language; page?: string } = {}): Promise<AgentCommandResult<'staffing:projection'>> {
    return this.send('staffing:projection', {
      siteId,
      ...(targetShare === undefined ? {} : { targetShare }),
      ...(segment.language === undefined ? {} : { language: segment.language }),
      ...(segment.page === undefined ? {} : { page: segment.page }),
    });
  }

  /** Managers: replaces the site's staffing plan, if it is still at `plan.version`. */
  saveStaffingPlan(plan: PayloadOf<AgentClientEvents, 'staffing:save-plan'>): Promise<AgentCommandResult<'staffing:save-plan'>> {
    return this.send('staffing:save-plan', plan);
  }

  /** Managers: the accounts that can be added to a staffing plan. */
  accounts(): Promise<AgentCommandResult<'admin:accounts:list'>> {
    return this.send('admin:accounts:list', {});
  }

  /** A page of the audit log older than entry `before`, newest first (supervisors get the rollout entries only). */
  auditPage(before: number): Promise<AgentCommandResult<'rollout:audit'>> {
    return this.send('rollout:audit', { before, limit: AUDIT_PAGE });
  }

  private async read(changedBySomeone: boolean): Promise<void> {
    const asked = this.siteId;
    const result = await this.send('rollout:state', asked === undefined ? {} : { siteId: asked });
    if (this.siteId !== asked) return;
    if (result.ok) {
      this.siteId = result.state.siteId;
      const previous = this.view.state;
      const news = changedBySomeone && previous !== null && !sameGovernance(previous, result.state);
      this.update({ ...this.view, state: result.state, error: null, refreshes: this.view.refreshes + (news ? 1 : 0) });
    } else if (this.view.state === null) {
      this.update({ ...this.view, error: result.error.code });
    }
  }

  private async readLive(): Promise<void> {
    const siteId = this.view.state?.siteId;
    if (!this.view.open || siteId === undefined) return;
    const result = await this.send('rollout:live', { siteId });
    // Figures that could not be read keep the last ones shown (their time says how old).
    if (!result.ok || this.view.state?.siteId !== siteId) return;
    const site = result.live.sites.find((candidate) => candidate.siteId === siteId) ?? null;
    if (site !== null) this.update({ ...this.view, live: site });
  }

  private update(next: RolloutView): void {
    if (next === this.view) return;
    this.view = next;
    for (const listener of this.listeners) listener();
  }
}
