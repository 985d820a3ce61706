/**
 * The staffing panel's words, in both official languages (kept beside the panel rather than in
 * i18n.ts, which every page shares). The French catalogue is typed by the English one.
 */
import type { Language } from '../../protocol/languages.js';
import type { Weekday } from '../../protocol/hours.js';
import type { SettingsForm } from './staffing-state.js';

const NBSP = '\u00a0';

const en = {
  heading: 'Staffing',
  intro: 'How many agents each step of the rollout needs at its busiest hour, from the demand seen so far, beside how many are planned.',
  loading: 'Projecting…',
  loadError: (why: string) => `The projection could not be read: ${why}`,
  now: (share: number) => `Now, at ${share}${NBSP}%`,
  step: (share: number, day: string, when: string) => `Changing to ${share}${NBSP}% on ${day} (${when})`,
  asked: (share: number, day: string) => `At ${share}${NBSP}% on a ${day}`,
  needs: (needed: number, hour: string, high: number) =>
    `needs about ${needed} ${needed === 1 ? 'agent' : 'agents'} at ${hour}` + (high > needed ? ` (up to ${high} if demand is at the top of its range)` : ''),
  planned: (scheduled: number) => `you have ${scheduled} planned.`,
  short: (missing: number) => `${missing} short.`,
  unobserved: 'not enough chats were seen on that day to project it yet.',
  basis: (chats: number, hours: number, days: number) => `Learned from ${chats} ${chats === 1 ? 'chat' : 'chats'} in ${hours} offered ${hours === 1 ? 'hour' : 'hours'} over the last ${days} days.`,
  work: (minutes: string, concurrency: string, measured: boolean) =>
    measured ? `A chat takes ${minutes} minutes on average, at ${concurrency} chats per agent at once (measured).` : `No chat has been answered yet: a chat is assumed to take ${minutes} minutes, one at a time.`,
  method: 'Erlang C on agent-time per chat (handle time ÷ chats at once), with the slot model beside it; the range is a 95 % interval from the chats observed.',
  segmentLanguage: 'Chats in',
  allLanguages: 'Both languages',
  segmentPages: 'Pages',
  allPages: 'Every page',
  tryHeading: 'Try another share',
  tryLabel: 'Share to try (% of visitors)',
  tryButton: 'Project',
  tryInvalid: 'Give a whole number from 0 to 100.',
  tableCaption: (title: string) => `${title}: hour by hour`,
  showHours: 'Hour by hour',
  columns: { hour: 'Hour', chats: 'Chats expected an hour (range)', agents: 'Agents (Erlang C)', high: 'At the top of the range', slot: 'Slot model', fte: 'Full-time equivalents', planned: 'Planned' },
  planHeading: 'Planned hours and targets',
  planIntro: 'Each agent’s hours on this site, per weekday, such as “9-17” or “9:00-12:00, 13:00-17:00”; leave a day empty for a day off.',
  planReadOnly: 'Only managers change the plan.',
  settings: { serviceLevel: 'Answered within the target (%)', answerWithinSeconds: 'Target answer time (seconds)', maxOccupancy: 'Occupancy cap (%)', shrinkage: 'Shrinkage (%)' } satisfies Record<keyof SettingsForm, string>,
  settingInvalid: 'This value cannot be used.',
  agentColumn: 'Agent',
  removeAgent: (name: string) => `Remove ${name}`,
  removeColumn: 'Remove',
  addAgentLabel: 'Add an agent',
  addAgentButton: 'Add',
  noOneToAdd: 'Every active account is in the plan.',
  dayInvalid: (name: string, day: string) => `${name}, ${day}: write periods such as 9-17.`,
  formInvalid: 'Some values cannot be saved; they are marked.',
  save: 'Save the plan',
  saved: 'The plan was saved.',
  saveError: (why: string) => `The plan was not saved: ${why}`,
  unknownAgent: 'Account gone',
  noPlannedAgents: 'No one is planned yet.',
  weekdays: { mon: 'Monday', tue: 'Tuesday', wed: 'Wednesday', thu: 'Thursday', fri: 'Friday', sat: 'Saturday', sun: 'Sunday' } satisfies Record<Weekday, string>,
};

export type StaffingStrings = typeof en;

const fr: StaffingStrings = {
  heading: 'Effectifs',
  intro: 'Combien d’agents chaque étape du déploiement demande à son heure la plus chargée, d’après la demande observée jusqu’ici, et combien sont prévus.',
  loading: 'Projection en cours…',
  loadError: (why: string) => `La projection n’a pas pu être lue : ${why}`,
  now: (share: number) => `Maintenant, à ${share}${NBSP}%`,
  step: (share: number, day: string, when: string) => `Passage à ${share}${NBSP}% le ${day} (${when})`,
  asked: (share: number, day: string) => `À ${share}${NBSP}% un ${day}`,
  needs: (needed: number, hour: string, high: number) =>
    `demande environ ${needed} ${needed <= 1 ? 'agent' : 'agents'} à ${hour}` + (high > needed ? ` (jusqu’à ${high} si la demande est au haut de sa fourchette)` : ''),
  planned: (scheduled: number) => `${scheduled} ${scheduled <= 1 ? 'est prévu' : 'sont prévus'}.`,
  short: (missing: number) => `Il en manque ${missing}.`,
  unobserved: 'trop peu de clavardages ont été vus ce jour-là pour le projeter.',
  basis: (chats: number, hours: number, days: number) =>
    `D’après ${chats} ${chats <= 1 ? 'clavardage' : 'clavardages'} en ${hours} ${hours <= 1 ? 'heure offerte' : 'heures offertes'} depuis ${days} jours.`,
  work: (minutes: string, concurrency: string, measured: boolean) =>
    measured
      ? `Un clavardage dure ${minutes} minutes en moyenne, à ${concurrency} clavardages par agent à la fois (mesuré).`
      : `Aucun clavardage n’a encore reçu de réponse : on suppose ${minutes} minutes par clavardage, un à la fois.`,
  method: 'Erlang C sur le temps d’agent par clavardage (durée ÷ clavardages simultanés), avec le modèle par places à côté; la fourchette est un intervalle à 95 % tiré des clavardages observés.',
  segmentLanguage: 'Clavardages en',
  allLanguages: 'Les deux langues',
  segmentPages: 'Pages',
  allPages: 'Toutes les pages',
  tryHeading: 'Essayer une autre part',
  tryLabel: 'Part à essayer (% des visiteurs)',
  tryButton: 'Projeter',
  tryInvalid: 'Donnez un nombre entier de 0 à 100.',
  tableCaption: (title: string) => `${title} : heure par heure`,
  showHours: 'Heure par heure',
  columns: { hour: 'Heure', chats: 'Clavardages attendus par heure (fourchette)', agents: 'Agents (Erlang C)', high: 'Au haut de la fourchette', slot: 'Modèle par places', fte: 'Équivalents temps plein', planned: 'Prévus' },
  planHeading: 'Heures prévues et cibles',
  planIntro: 'Les heures de chaque agent sur ce site, par jour, comme « 9-17 » ou « 9 h-12 h, 13 h-17 h »; laissez un jour vide pour un congé.',
  planReadOnly: 'Seuls les gestionnaires modifient le plan.',
  settings: { serviceLevel: 'Répondus dans la cible (%)', answerWithinSeconds: 'Délai de réponse visé (secondes)', maxOccupancy: 'Plafond d’occupation (%)', shrinkage: 'Temps hors plancher (%)' },
  settingInvalid: 'Cette valeur ne peut pas être utilisée.',
  agentColumn: 'Agent',
  removeAgent: (name: string) => `Retirer ${name}`,
  removeColumn: 'Retirer',
  addAgentLabel: 'Ajouter un agent',
  addAgentButton: 'Ajouter',
  noOneToAdd: 'Tous les comptes actifs sont dans le plan.',
  dayInvalid: (name: string, day: string) => `${name}, ${day} : écrivez des périodes comme 9-17.`,
  formInvalid: 'Certaines valeurs ne peuvent pas être enregistrées; elles sont signalées.',
  save: 'Enregistrer le plan',
  saved: 'Le plan a été enregistré.',
  saveError: (why: string) => `Le plan n’a pas été enregistré : ${why}`,
  unknownAgent: 'Compte disparu',
  noPlannedAgents: 'Personne n’est encore prévu.',
  weekdays: { mon: 'lundi', tue: 'mardi', wed: 'mercredi', thu: 'jeudi', fri: 'vendredi', sat: 'samedi', sun: 'dimanche' },
};

export const staffingStrings: Readonly<Record<Language, StaffingStrings>> = { en, fr };
