/** Canned answers: read by consoles; managers will edit them (administration, not built yet). */
import type { CannedAnswer } from '../domain/entities.js';
import type { Store } from '../stores/store.js';

export class CannedAnswerService {
  constructor(private readonly store: Store) {}

  /** Every canned answer, by id (consoles sort them by title in their own language). */
  async list(): Promise<CannedAnswer[]> {
    return (await this.store.cannedAnswers.list()).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }
}
