import { describe, expect, it } from 'vitest';
import type { SelfServiceLink } from '../../protocol/hours.js';
import { keywords, matchSelfService, SELF_SERVICE_SHOWN } from '../../widget/app/self-service-match.js';

const link = (en: string, fr: string): SelfServiceLink => ({ label: { en, fr }, url: { en: `https://example.gov/en/${en.length}`, fr: `https://example.gov/fr/${fr.length}` } });

const STATUS = link('Check the status of an application', "Vérifier l'état d'une demande");
const PAYMENTS = link('Payment dates for benefits', 'Dates de paiement des prestations');
const FISHING = link('Fishing licence fees', 'Droits de permis de pêche');
const BANKING = link('Update your banking details for payments', 'Mettre à jour vos renseignements bancaires');
const LINKS = [STATUS, PAYMENTS, FISHING, BANKING];

describe('matching self-service links while a chat waits', () => {
  it('finds the links that share words with the first message, in English', () => {
    expect(matchSelfService(LINKS, 'en', null, 'When is my next payment?')).toEqual([PAYMENTS, BANKING]);
    expect(matchSelfService(LINKS, 'en', null, 'Has my application been processed? What is its status')).toEqual([STATUS]);
  });

  it('finds them in French, whatever the accents and plurals', () => {
    expect(matchSelfService(LINKS, 'fr', null, 'Quand vais-je recevoir mes paiements?')).toEqual([PAYMENTS]);
    expect(matchSelfService(LINKS, 'fr', null, 'Combien coûte un permis de PECHE')).toEqual([FISHING]);
  });

  it('uses the topic too, after the message', () => {
    // Nothing in the message; the topic "Benefits and payments" finds both payment links.
    expect(matchSelfService(LINKS, 'en', 'Benefits and payments', 'Hello, I have a question')).toEqual([PAYMENTS, BANKING]);
    // The message's words outrank the topic's.
    expect(matchSelfService(LINKS, 'en', 'Benefits and payments', 'I need to update my banking details')[0]).toBe(BANKING);
  });

  it('shows nothing rather than links that match nothing', () => {
    expect(matchSelfService(LINKS, 'en', 'Identity documents', 'I lost my passport')).toEqual([]);
    expect(matchSelfService(LINKS, 'en', null, null)).toEqual([]);
    expect(matchSelfService([], 'en', 'Benefits', 'payment')).toEqual([]);
  });

  it('shows a few at most, best first, in the site’s order among equals', () => {
    const many = Array.from({ length: 6 }, (_, index) => link(`Payment help ${index}`, `Aide paiement ${index}`));
    const shown = matchSelfService(many, 'en', null, 'payment');
    expect(shown).toHaveLength(SELF_SERVICE_SHOWN);
    expect(shown).toEqual(many.slice(0, SELF_SERVICE_SHOWN));
  });

  it('ignores the commonest words of both languages', () => {
    expect([...keywords('What are the dates for the payments?')]).toEqual(['dates', 'paymen']);
    expect([...keywords('Quelles sont les dates des paiements?')]).toEqual(['quelle', 'dates', 'paieme']);
  });
});
