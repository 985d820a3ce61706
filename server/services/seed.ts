/**
 * Accounts and sites created at start-up: the bootstrap manager (any mode, from the environment)
 * and, outside production, a demo site and demo accounts whose passwords are printed once.
 */
import { randomBytes } from 'node:crypto';
import type { Role } from '../../protocol/models.js';
import type { Config } from '../config.js';
import { SELF } from '../domain/origin-policy.js';
import type { Site } from '../domain/entities.js';
import type { Store } from '../stores/store.js';
import type { AuthService } from './auth-service.js';

export const DEMO_SITE_ID = 'demo';

/** The fictional organisation behind the demo page. */
export function demoSite(extraOrigins: readonly string[]): Site {
  return {
    id: DEMO_SITE_ID,
    name: { en: 'Northvale Public Services', fr: 'Services publics de Northvale' },
    allowedOrigins: [SELF, ...extraOrigins],
    chatEnabled: true,
    topics: [
      { id: 'benefits', queueId: 'general', label: { en: 'Benefits and payments', fr: 'Prestations et paiements' } },
      { id: 'permits', queueId: 'general', label: { en: 'Permits and licences', fr: 'Permis et licences' } },
      { id: 'id-documents', queueId: 'general', label: { en: 'Identity documents', fr: "Pièces d'identité" } },
      { id: 'other', queueId: 'general', label: { en: 'Something else', fr: 'Autre chose' } },
    ],
  };
}

const DEMO_ACCOUNTS: ReadonlyArray<{ email: string; displayName: string; role: Role }> = [
  { email: 'agent@demo.test', displayName: 'Alex', role: 'agent' },
  { email: 'supervisor@demo.test', displayName: 'Sam', role: 'supervisor' },
  { email: 'manager@demo.test', displayName: 'Morgan', role: 'manager' },
];

export interface SeedResult {
  bootstrapAdminCreated: boolean;
  /** Demo accounts created by this start, with their one-time passwords. */
  demoAccounts: Array<{ email: string; role: Role; password: string }>;
}

export async function seed(config: Config, store: Store, auth: AuthService): Promise<SeedResult> {
  const result: SeedResult = { bootstrapAdminCreated: false, demoAccounts: [] };
  if (config.bootstrapAdmin !== undefined) {
    const existing = await store.agents.findByEmail(config.bootstrapAdmin.email);
    if (existing === null) {
      const created = await auth.createAccount({
        email: config.bootstrapAdmin.email,
        displayName: config.bootstrapAdmin.email.split('@')[0] ?? 'Manager',
        role: 'manager',
        password: config.bootstrapAdmin.password,
      });
      result.bootstrapAdminCreated = created !== null;
    }
  }
  if (config.isProduction) return result;

  // Rewritten at every start so that a change to DEMO_SITE_ORIGINS takes effect.
  await store.sites.put(demoSite(config.demoSiteOrigins));
  for (const account of DEMO_ACCOUNTS) {
    if ((await store.agents.findByEmail(account.email)) !== null) continue;
    const password = randomBytes(9).toString('base64url');
    if (await auth.createAccount({ ...account, password })) result.demoAccounts.push({ ...account, password });
  }
  return result;
}
