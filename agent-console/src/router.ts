/**
 * The console's pages (issue #9, point 7), the pure part: which pages exist, at which address,
 * who may open them, and what an address means for a given role. No DOM here: navigation.ts
 * follows the browser's address, the screen draws the page (ConsoleScreen.tsx).
 *
 * Adding a page is one line in `PAGES`, its words in i18n.ts (`pages`) and its component in
 * ConsoleScreen.tsx; the type check asks for the last two.
 */
import type { Role } from '../../protocol/models.js';

/** Where the server serves the console (server/http/routes/pages.ts: `/console` and `/console/*`). */
export const CONSOLE_BASE = '/console';

/**
 * Every page, in the order of the navigation. `opensFrom` is the least role that may open it
 * (roles nest); the server checks every command again, this only keeps people out of pages whose
 * commands would all be refused. The Rollout page opens for supervisors read-only (issue #8,
 * point 9); its changes are for managers (`ROLLOUT_EDITOR`).
 */
export const PAGES = [
  { id: 'chats', path: '/', opensFrom: 'agent' },
  { id: 'inbox', path: '/inbox', opensFrom: 'agent' },
  { id: 'live', path: '/live', opensFrom: 'supervisor' },
  { id: 'wallboard', path: '/wallboard', opensFrom: 'supervisor' },
  { id: 'history', path: '/history', opensFrom: 'supervisor' },
  { id: 'reports', path: '/reports', opensFrom: 'supervisor' },
  { id: 'rollout', path: '/rollout', opensFrom: 'supervisor' },
  { id: 'accounts', path: '/admin/accounts', opensFrom: 'manager' },
  { id: 'sites', path: '/admin/sites', opensFrom: 'manager' },
  { id: 'queues', path: '/admin/queues', opensFrom: 'manager' },
  { id: 'persona', path: '/admin/persona', opensFrom: 'manager' },
  // Reached from the header ("My account": the public name, the password), not from the navigation.
  { id: 'account', path: '/account', opensFrom: 'agent', inNav: false },
] as const satisfies readonly { id: string; path: string; opensFrom: Role; inNav?: false }[];

export type PageId = (typeof PAGES)[number]['id'];

/** The least role that may change the rollout (propose, approve, withdraw, pause). */
export const ROLLOUT_EDITOR: Role = 'manager';

/** Roles nest: a supervisor can do all an agent can, a manager all a supervisor can (as server/domain/roles.ts). */
const ROLE_RANK: Record<Role, number> = { agent: 1, supervisor: 2, manager: 3 };

export function hasRole(actual: Role, required: Role): boolean {
  return ROLE_RANK[actual] >= ROLE_RANK[required];
}

/** What an address shows to someone of a role. */
export type Route =
  | { kind: 'page'; page: PageId }
  /** A page that exists but is not for this role: said so, not pretended missing. */
  | { kind: 'forbidden'; page: PageId }
  | { kind: 'not-found' };

function pageById(id: PageId) {
  const page = PAGES.find((candidate) => candidate.id === id);
  if (page === undefined) throw new Error(`no page ${id}`);
  return page;
}

/** The address of a page: `/console/` for the first, `/console/live` for the others. */
export function pathOf(id: PageId): string {
  return `${CONSOLE_BASE}${pageById(id).path}`;
}

/** Whether someone of this role may open the page. */
export function mayOpen(role: Role, id: PageId): boolean {
  return hasRole(role, pageById(id).opensFrom);
}

/** The pages in the navigation of someone of this role, in order. */
export function pagesFor(role: Role): PageId[] {
  return PAGES.filter((page) => !('inNav' in page) && hasRole(role, page.opensFrom)).map((page) => page.id);
}

/**
 * The page an address names, whoever asks: `/console` and `/console/` are the first page; one
 * trailing slash is forgiven (`/console/live/`); anything else under `/console` is not found.
 * Only the path counts (pass `location.pathname`, not the query or the fragment).
 */
export function pageAt(pathname: string): PageId | null {
  if (pathname !== CONSOLE_BASE && !pathname.startsWith(`${CONSOLE_BASE}/`)) return null;
  let rest = pathname.slice(CONSOLE_BASE.length);
  if (rest.length > 1 && rest.endsWith('/')) rest = rest.slice(0, -1);
  if (rest === '') rest = '/';
  return PAGES.find((page) => page.path === rest)?.id ?? null;
}

/** What an address shows to someone of this role. */
export function routeOf(pathname: string, role: Role): Route {
  const page = pageAt(pathname);
  if (page === null) return { kind: 'not-found' };
  return mayOpen(role, page) ? { kind: 'page', page } : { kind: 'forbidden', page };
}

/**
 * Whether a click on a link should be left to the browser (a new tab or window, a download)
 * rather than handled as a move inside the console.
 */
export function leaveClickToBrowser(click: { button: number; metaKey: boolean; ctrlKey: boolean; shiftKey: boolean; altKey: boolean }): boolean {
  return click.button !== 0 || click.metaKey || click.ctrlKey || click.shiftKey || click.altKey;
}
