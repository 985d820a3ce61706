/**
 * The console's pages (issue #9, point 7): every page has its own address, deep links and
 * reloads land on the page they name, and each role sees and opens only its pages.
 */
import { describe, expect, it } from 'vitest';
import { hasRole, leaveClickToBrowser, mayOpen, pageAt, PAGES, pagesFor, pathOf, routeOf } from '../../agent-console/src/router.js';

describe('console addresses', () => {
  it('names the first page at /console and /console/, the others below it', () => {
    expect(pageAt('/console')).toBe('chats');
    expect(pageAt('/console/')).toBe('chats');
    expect(pageAt('/console/inbox')).toBe('inbox');
    expect(pageAt('/console/live')).toBe('live');
  });

  it('forgives one trailing slash, nothing else', () => {
    expect(pageAt('/console/live/')).toBe('live');
    expect(pageAt('/console/live//')).toBeNull();
    expect(pageAt('/console/Live')).toBeNull();
    expect(pageAt('/console/live/extra')).toBeNull();
    expect(pageAt('/console/nowhere')).toBeNull();
  });

  it('names no page outside the console, even one that starts alike', () => {
    expect(pageAt('/')).toBeNull();
    expect(pageAt('/consoles')).toBeNull();
    expect(pageAt('/console-live')).toBeNull();
    expect(pageAt('/chat/frame')).toBeNull();
  });

  it('gives every page an address that leads back to it (deep links and reloads)', () => {
    for (const page of PAGES) expect(pageAt(pathOf(page.id))).toBe(page.id);
    expect(pathOf('chats')).toBe('/console/');
    expect(pathOf('live')).toBe('/console/live');
    expect(new Set(PAGES.map((page) => page.path)).size).toBe(PAGES.length);
  });
});

describe('pages by role', () => {
  it('nests roles: a manager has all a supervisor has, a supervisor all an agent has', () => {
    expect(hasRole('manager', 'supervisor')).toBe(true);
    expect(hasRole('supervisor', 'agent')).toBe(true);
    expect(hasRole('agent', 'supervisor')).toBe(false);
    expect(hasRole('supervisor', 'manager')).toBe(false);
  });

  it('shows agents their work, supervisors also the live view', () => {
    expect(pagesFor('agent')).toEqual(['chats', 'inbox']);
    expect(pagesFor('supervisor')).toEqual(expect.arrayContaining(['chats', 'inbox', 'live']));
    expect(pagesFor('supervisor')[0]).toBe('chats');
  });

  it('shows a manager every page of the navigation, in its order, administration included', () => {
    expect(pagesFor('manager')).toEqual(PAGES.filter((page) => !('inNav' in page)).map((page) => page.id));
    expect(pagesFor('manager')).toContain('accounts');
  });

  it('keeps Accounts for managers: agents and supervisors are told it is not for them', () => {
    expect(pathOf('accounts')).toBe('/console/admin/accounts');
    expect(pathOf('sites')).toBe('/console/admin/sites');
    expect(pathOf('queues')).toBe('/console/admin/queues');
    expect(routeOf('/console/admin/sites', 'supervisor')).toEqual({ kind: 'forbidden', page: 'sites' });
    expect(routeOf('/console/admin/queues/', 'manager')).toEqual({ kind: 'page', page: 'queues' });
    expect(pagesFor('supervisor')).not.toContain('accounts');
    expect(routeOf('/console/admin/accounts', 'agent')).toEqual({ kind: 'forbidden', page: 'accounts' });
    expect(routeOf('/console/admin/accounts', 'supervisor')).toEqual({ kind: 'forbidden', page: 'accounts' });
    expect(routeOf('/console/admin/accounts/', 'manager')).toEqual({ kind: 'page', page: 'accounts' });
  });

  it('opens "My account" for everyone, from the header rather than the navigation', () => {
    for (const role of ['agent', 'supervisor', 'manager'] as const) {
      expect(routeOf('/console/account', role)).toEqual({ kind: 'page', page: 'account' });
      expect(pagesFor(role)).not.toContain('account');
    }
  });

  it('tells a page that is not for this role from one that does not exist', () => {
    expect(routeOf('/console/live', 'agent')).toEqual({ kind: 'forbidden', page: 'live' });
    expect(routeOf('/console/live', 'supervisor')).toEqual({ kind: 'page', page: 'live' });
    expect(routeOf('/console/nowhere', 'manager')).toEqual({ kind: 'not-found' });
    expect(routeOf('/console', 'agent')).toEqual({ kind: 'page', page: 'chats' });
    expect(mayOpen('agent', 'live')).toBe(false);
  });
});

describe('links', () => {
  const plain = { button: 0, metaKey: false, ctrlKey: false, shiftKey: false, altKey: false };

  it('handles a plain click inside the console', () => {
    expect(leaveClickToBrowser(plain)).toBe(false);
  });

  it('leaves a new tab, a new window or a middle click to the browser', () => {
    expect(leaveClickToBrowser({ ...plain, ctrlKey: true })).toBe(true);
    expect(leaveClickToBrowser({ ...plain, metaKey: true })).toBe(true);
    expect(leaveClickToBrowser({ ...plain, shiftKey: true })).toBe(true);
    expect(leaveClickToBrowser({ ...plain, altKey: true })).toBe(true);
    expect(leaveClickToBrowser({ ...plain, button: 1 })).toBe(true);
  });
});
