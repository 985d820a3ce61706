/** The websites that embed the widget: looking one up, and what the widget may show of them. */
import { AppError } from '../domain/app-error.js';
import type { Site } from '../domain/entities.js';
import type { Store } from '../stores/store.js';

export class SiteService {
  constructor(private readonly store: Store) {}

  /** The site, or `not_found` with a message a developer embedding the widget can act on. */
  async require(siteId: string): Promise<Site> {
    const site = await this.store.sites.get(siteId);
    if (site === null) throw new AppError('not_found', `This site ("${siteId}") is not known to the chat service.`);
    return site;
  }

  async list(): Promise<Site[]> {
    return this.store.sites.list();
  }
}
