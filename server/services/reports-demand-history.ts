/**
 * The staffing projection's view of the reports' hourly rollup (server/domain/reports.ts): the
 * hours chat was offered in, with the chats started and the share in force, and the work a chat
 * took (handle time, and concurrency from the agents' staffing samples). Reads counters only.
 */
import { FIGURES, hourOf, HOUR_MS, STAFF_SCOPE, type ReportCell } from '../domain/reports.js';
import type { ChatWork, OfferedHour } from '../domain/staffing-plan.js';
import type { Store } from '../stores/store.js';
import type { Clock } from './clock.js';
import type { DemandHistory, DemandSegment } from './staffing-service.js';

const count = (cell: ReportCell, figure: string): number => cell.counts[figure] ?? 0;

/** Page groups offered as segments at most (the rollup keeps 50 a site and hour). */
const STAFFING_PAGES_MAX = 100;

export class ReportsDemandHistory implements DemandHistory {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  async offeredHours(siteId: string, from: number, to: number, segment: DemandSegment): Promise<{ hours: OfferedHour[]; pages: string[] }> {
    const cells = await this.store.reports.read(siteId, hourOf(from), hourOf(to - 1), this.clock.now());
    const pages = new Set<string>();
    const hours = new Map<number, { chats: number; weight: number; weightedShare: number }>();
    for (const cell of cells) {
      if (cell.dims.page !== '') pages.add(cell.dims.page);
      if (segment.language !== undefined && cell.dims.language !== segment.language) continue;
      if (segment.page !== undefined && cell.dims.page !== segment.page) continue;
      const hour = hours.get(cell.hour) ?? { chats: 0, weight: 0, weightedShare: 0 };
      const started = count(cell, FIGURES.started);
      hour.chats += started;
      // The share in force, weighted by the visitors offered chat under it (or, failing those, the chats started).
      const weight = count(cell, FIGURES.offered) + started * 1e-6;
      if (cell.dims.share >= 0 && weight > 0) {
        hour.weight += weight;
        hour.weightedShare += weight * cell.dims.share;
      }
      hours.set(cell.hour, hour);
    }
    const offered: OfferedHour[] = [];
    for (const [start, hour] of hours) {
      const share = hour.weight > 0 ? hour.weightedShare / hour.weight / 100 : 0;
      // Hours offered to no one (closed, or chat off) say nothing about demand; the hour under way is not whole yet.
      if (share > 0 && start + HOUR_MS <= to) offered.push({ start, chats: hour.chats, share: Math.min(1, share) });
    }
    return { hours: offered.sort((a, b) => a.start - b.start), pages: [...pages].sort().slice(0, STAFFING_PAGES_MAX) };
  }

  async chatWork(siteId: string, from: number, to: number): Promise<ChatWork | null> {
    const now = this.clock.now();
    const [site, staff] = await Promise.all([this.store.reports.read(siteId, hourOf(from), hourOf(to - 1), now), this.store.reports.read(STAFF_SCOPE, hourOf(from), hourOf(to - 1), now)]);
    const sum = (cells: ReportCell[], figure: string) => cells.reduce((total, cell) => total + count(cell, figure), 0);
    const handled = sum(site, FIGURES.handled);
    if (handled === 0) return null;
    const busyMinutes = sum(staff, FIGURES.busyMinutes);
    const chatMinutes = sum(staff, FIGURES.chatMinutes);
    return {
      handleSeconds: sum(site, FIGURES.handleSum) / handled / 1000,
      // Chat-minutes held over minutes holding any chat: the chats an agent held at once (never below one).
      concurrency: busyMinutes > 0 ? Math.max(1, chatMinutes / busyMinutes) : 1,
    };
  }
}
