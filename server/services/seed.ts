/**
 * Accounts and sites created at start-up: the bootstrap manager (any mode, from the environment)
 * and, outside production, a demo site and demo accounts whose passwords are printed once.
 */
import { randomBytes } from 'node:crypto';
import type { Role } from '../../protocol/models.js';
import type { Config } from '../config.js';
import { SELF } from '../domain/origin-policy.js';
import type { CannedAnswer, Queue, Site, WrapUpOutcome } from '../domain/entities.js';
import { WEEKDAYS, type BusinessHours, type OtherWay, type SelfServiceLink } from '../../protocol/hours.js';
import { DEFAULT_QUICK_EXIT, DEFAULT_SITE_REDACTION, type PrivacyNotice } from '../../protocol/privacy.js';
import type { Store } from '../stores/store.js';
import type { AuthService, NewAccount } from './auth-service.js';

export const DEMO_SITE_ID = 'demo';

/**
 * The demo's queues: general questions are routed automatically, permits are picked by agents;
 * each in English and in French, so that routing by language can be seen.
 */
export const DEMO_QUEUES: readonly Queue[] = [
  { id: 'general-en', name: { en: 'General questions (English)', fr: 'Questions générales (anglais)' }, language: 'en', mode: 'automatic' },
  { id: 'general-fr', name: { en: 'General questions (French)', fr: 'Questions générales (français)' }, language: 'fr', mode: 'automatic' },
  { id: 'permits-en', name: { en: 'Permits (English)', fr: 'Permis (anglais)' }, language: 'en', mode: 'agents_pick' },
  { id: 'permits-fr', name: { en: 'Permits (French)', fr: 'Permis (français)' }, language: 'fr', mode: 'agents_pick' },
];

const general = { en: 'general-en', fr: 'general-fr' };

/** Weekdays 8:30 to 4:30 in Toronto, no new chat in the last 15 minutes, closed on statutory holidays. */
export const DEMO_OFFICE_HOURS: BusinessHours = {
  timeZone: 'America/Toronto',
  weekly: Object.fromEntries(WEEKDAYS.slice(0, 5).map((day) => [day, [{ opens: '08:30', closes: '16:30' }]])),
  holidays: ['2026-12-25', '2026-12-28', '2027-01-01', '2027-02-15', '2027-03-26', '2027-05-24', '2027-07-01', '2027-08-02', '2027-09-06', '2027-10-11', '2027-12-27', '2027-12-28'],
  lastAdmissionMinutes: 15,
};

/** The demo's hours for each DEMO_CHAT_HOURS setting: around the clock, office hours, or never. */
export function demoHours(setting: 'always' | 'office' | 'closed'): BusinessHours {
  switch (setting) {
    case 'always':
      return { timeZone: 'America/Toronto', weekly: Object.fromEntries(WEEKDAYS.map((day) => [day, [{ opens: '00:00', closes: '24:00' }]])), holidays: [], lastAdmissionMinutes: 0 };
    case 'office':
      return DEMO_OFFICE_HOURS;
    case 'closed':
      return { ...DEMO_OFFICE_HOURS, weekly: {} };
  }
}

/** The demo's other ways to reach the service (fictional numbers and addresses). */
export const DEMO_OTHER_WAYS: OtherWay[] = [
  { kind: 'phone', text: { en: '1-800-555-0199', fr: '1-800-555-0199' }, href: { en: 'tel:+18005550199', fr: 'tel:+18005550199' } },
  { kind: 'tty', text: { en: '1-800-555-0198', fr: '1-800-555-0198' }, href: { en: 'tel:+18005550198', fr: 'tel:+18005550198' } },
  {
    kind: 'in_person',
    text: { en: 'Northvale Service Centre, 100 Main Street', fr: 'Centre de services de Northvale, 100, rue Main' },
    href: null,
  },
  {
    kind: 'web_form',
    text: { en: 'Send us a question online', fr: 'Envoyez-nous une question en ligne' },
    href: { en: 'https://northvale.example/en/contact', fr: 'https://northvale.example/fr/contact' },
  },
];

/** The demo's self-service pages. */
export const DEMO_SELF_SERVICE: SelfServiceLink[] = [
  {
    label: { en: 'Check the status of an application', fr: "Vérifier l'état d'une demande" },
    url: { en: 'https://northvale.example/en/status', fr: 'https://northvale.example/fr/etat' },
  },
  {
    label: { en: 'Payment dates for benefits', fr: 'Dates de paiement des prestations' },
    url: { en: 'https://northvale.example/en/payment-dates', fr: 'https://northvale.example/fr/dates-paiement' },
  },
];

/**
 * The demo's collection notice, as a provincial ministry would write one (the organisation, the act
 * and the bank are fictional; the parts are those a privacy office asks for).
 */
export const DEMO_PRIVACY_NOTICE: PrivacyNotice = {
  legalAuthority: {
    en: 'Your personal information is collected under the authority of section 12 of the Northvale Public Services Act and in accordance with subsection 38(2) of the Freedom of Information and Protection of Privacy Act.',
    fr: "Vos renseignements personnels sont recueillis en vertu de l'article 12 de la Loi sur les services publics de Northvale et conformément au paragraphe 38(2) de la Loi sur l'accès à l'information et la protection de la vie privée.",
  },
  purpose: {
    en: 'We use what you write to answer your question, to follow up on your request, and, without your name, to improve our services. It is not used for any other purpose and is not shared outside Northvale Public Services unless the law requires it.',
    fr: "Nous utilisons ce que vous écrivez pour répondre à votre question, assurer le suivi de votre demande et, sans votre nom, améliorer nos services. Ces renseignements ne servent à aucune autre fin et ne sont communiqués à l'extérieur des Services publics de Northvale que si la loi l'exige.",
  },
  retention: {
    en: 'Chat transcripts are kept for two years after the chat ends, then destroyed.',
    fr: 'Les transcriptions des clavardages sont conservées deux ans après la fin du clavardage, puis détruites.',
  },
  personalInformationBank: {
    en: 'Client enquiries, personal information bank NPS PPU 010.',
    fr: 'Demandes de renseignements des clients, fichier de renseignements personnels SPN PPU 010.',
  },
  contact: {
    en: 'Privacy Coordinator, Northvale Public Services, 100 Main Street, Northvale ON K0A 1A0, 1-800-555-0100, privacy@northvale.example.',
    fr: 'Coordonnatrice de la protection de la vie privée, Services publics de Northvale, 100, rue Main, Northvale (Ontario) K0A 1A0, 1-800-555-0100, vieprivee@northvale.example.',
  },
  fullNoticeUrl: { en: 'https://northvale.example/en/privacy', fr: 'https://northvale.example/fr/confidentialite' },
};

/** The fictional organisation behind the demo page. */
export function demoSite(extraOrigins: readonly string[], hours: BusinessHours = demoHours('always')): Site {
  return {
    id: DEMO_SITE_ID,
    name: { en: 'Northvale Public Services', fr: 'Services publics de Northvale' },
    allowedOrigins: [SELF, ...extraOrigins],
    chatEnabled: true,
    topics: [
      { id: 'benefits', queues: general, label: { en: 'Benefits and payments', fr: 'Prestations et paiements' } },
      { id: 'permits', queues: { en: 'permits-en', fr: 'permits-fr' }, label: { en: 'Permits and licences', fr: 'Permis et licences' } },
      { id: 'id-documents', queues: general, label: { en: 'Identity documents', fr: "Pièces d'identité" } },
      { id: 'other', queues: general, label: { en: 'Something else', fr: 'Autre chose' } },
    ],
    hours,
    otherWays: DEMO_OTHER_WAYS,
    selfService: DEMO_SELF_SERVICE,
    // Identifiers always removed; phone numbers, e-mail addresses and postal codes kept (agents use them).
    redaction: { ...DEFAULT_SITE_REDACTION },
    privacyNotice: DEMO_PRIVACY_NOTICE,
    // A general services site: off. Sites about violence or abuse switch it on (README.md, "Privacy").
    quickExit: { ...DEFAULT_QUICK_EXIT },
  };
}

const ALL_DEMO_QUEUES = DEMO_QUEUES.map((queue) => queue.id);

/**
 * An English-only agent, a French-only agent, a bilingual supervisor and two bilingual managers
 * (a rollout change that widens the offer needs a second manager's approval: Jordan gives it).
 * The two agents have their first names approved as public names, so the demo shows citizens a
 * name; an account a manager creates has none until approved (README.md, "Accounts").
 */
const DEMO_ACCOUNTS: ReadonlyArray<Omit<NewAccount, 'password'>> = [
  { email: 'agent@demo.test', displayName: 'Alex', publicName: 'Alex', role: 'agent', languages: ['en'], queueIds: ['general-en', 'permits-en'] },
  { email: 'agent-fr@demo.test', displayName: 'Camille', publicName: 'Camille', role: 'agent', languages: ['fr'], queueIds: ['general-fr', 'permits-fr'] },
  { email: 'supervisor@demo.test', displayName: 'Sam', role: 'supervisor', languages: ['en', 'fr'], queueIds: ALL_DEMO_QUEUES },
  { email: 'manager@demo.test', displayName: 'Morgan', role: 'manager', languages: ['en', 'fr'], queueIds: ALL_DEMO_QUEUES },
  { email: 'manager2@demo.test', displayName: 'Jordan', role: 'manager', languages: ['en', 'fr'], queueIds: ALL_DEMO_QUEUES },
];

/** A few canned answers for the demo, in both languages (managers will edit them: administration). */
export const DEMO_CANNED_ANSWERS: readonly CannedAnswer[] = [
  {
    id: 'greeting',
    title: { en: 'Greeting', fr: 'Salutation' },
    text: { en: 'Hello, thank you for contacting us. How can I help you today?', fr: 'Bonjour, merci de nous avoir écrit. Comment puis-je vous aider aujourd’hui?' },
  },
  {
    id: 'reference-number',
    title: { en: 'Ask for the file number', fr: 'Demander le numéro de dossier' },
    text: {
      en: 'Could you give me your file number? It is at the top of the letter we sent you. Please do not share your social insurance number.',
      fr: 'Pourriez-vous me donner votre numéro de dossier? Il se trouve en haut de la lettre que nous vous avons envoyée. Veuillez ne pas communiquer votre numéro d’assurance sociale.',
    },
  },
  {
    id: 'one-moment',
    title: { en: 'One moment', fr: 'Un instant' },
    text: { en: 'Thank you. Give me a moment to look into this.', fr: 'Merci. Laissez-moi un instant pour vérifier.' },
  },
  {
    id: 'closing',
    title: { en: 'Closing', fr: 'Conclusion' },
    text: { en: 'Is there anything else I can help you with today?', fr: 'Puis-je vous aider avec autre chose aujourd’hui?' },
  },
];

/**
 * The outcomes an agent records when wrapping up a chat, in both languages: the list a contact
 * centre starts with (managers will edit it in administration, not built yet). Written into an
 * empty list in every mode, production included: without codes no wrap-up could be recorded.
 */
export const DEFAULT_WRAP_UP_OUTCOMES: readonly WrapUpOutcome[] = [
  { id: 'resolved', position: 1, label: { en: 'Resolved', fr: 'Réglé' } },
  { id: 'information_given', position: 2, label: { en: 'Information given', fr: 'Renseignements donnés' } },
  { id: 'referred_elsewhere', position: 3, label: { en: 'Referred elsewhere', fr: 'Dirigé vers un autre service' } },
  { id: 'callback_needed', position: 4, label: { en: 'Call back needed', fr: 'Rappel nécessaire' } },
  { id: 'no_response', position: 5, label: { en: 'No response from the citizen', fr: 'Aucune réponse du citoyen' } },
  { id: 'other', position: 6, label: { en: 'Other', fr: 'Autre' } },
];

export interface SeedResult {
  bootstrapAdminCreated: boolean;
  /** Demo accounts created by this start, with their one-time passwords. */
  demoAccounts: Array<{ email: string; role: Role; password: string }>;
}

export async function seed(config: Config, store: Store, auth: AuthService): Promise<SeedResult> {
  const result: SeedResult = { bootstrapAdminCreated: false, demoAccounts: [] };
  // Only into an empty list: codes edited since (administration) are not overwritten at start.
  if ((await store.wrapUpOutcomes.list()).length === 0) for (const outcome of DEFAULT_WRAP_UP_OUTCOMES) await store.wrapUpOutcomes.put(outcome);
  if (!config.isProduction) {
    // Rewritten at every start so that a change to DEMO_SITE_ORIGINS takes effect.
    for (const queue of DEMO_QUEUES) await store.queues.put(queue);
    await store.sites.put(demoSite(config.demoSiteOrigins, demoHours(config.demoChatHours)));
    // Only into an empty list: answers edited since (administration) are not overwritten at start.
    if ((await store.cannedAnswers.list()).length === 0) for (const answer of DEMO_CANNED_ANSWERS) await store.cannedAnswers.put(answer);
  }
  if (config.bootstrapAdmin !== undefined) {
    const existing = await store.agents.findByEmail(config.bootstrapAdmin.email);
    if (existing === null) {
      // The first manager serves every queue there is yet (none, on a fresh production store).
      const created = await auth.createAccount({
        email: config.bootstrapAdmin.email,
        displayName: config.bootstrapAdmin.email.split('@')[0] ?? 'Manager',
        role: 'manager',
        password: config.bootstrapAdmin.password,
        queueIds: (await store.queues.list()).map((queue) => queue.id),
      });
      result.bootstrapAdminCreated = created !== null;
    }
  }
  if (config.isProduction) return result;

  for (const account of DEMO_ACCOUNTS) {
    if ((await store.agents.findByEmail(account.email)) !== null) continue;
    const password = randomBytes(9).toString('base64url');
    if (await auth.createAccount({ ...account, password })) result.demoAccounts.push({ email: account.email, role: account.role, password });
  }
  return result;
}
