/**
 * The email a citizen gets after leaving a message with an email address, in their language. It
 * holds the reference and the organisation's name only, never the message itself: the address is
 * typed by an anonymous visitor, so whatever the email says can reach a stranger, and must not be
 * a way to send them text of the sender's choosing.
 */
import type { Bilingual, Language } from '../../protocol/languages.js';
import type { OutgoingEmail } from './mailer.js';

/** The acknowledgement for the message with this reference, left with `organisation`. */
export function acknowledgementEmail(to: string, language: Language, organisation: Bilingual, reference: string): OutgoingEmail {
  const name = organisation[language];
  if (language === 'fr') {
    return {
      to,
      subject: `Nous avons reçu votre message (référence ${reference})`,
      text: [
        'Bonjour,',
        '',
        `${name} a bien reçu le message que vous avez laissé. Votre numéro de référence est ${reference}; indiquez-le si vous communiquez de nouveau avec nous.`,
        'Un agent vous répondra dès que possible, par le moyen que vous avez indiqué.',
        '',
        'Ceci est un message automatique; veuillez ne pas y répondre.',
        "Si vous n'avez pas laissé de message, ne tenez pas compte de ce courriel.",
      ].join('\n'),
    };
  }
  return {
    to,
    subject: `We received your message (reference ${reference})`,
    text: [
      'Hello,',
      '',
      `${name} received the message you left. Your reference is ${reference}; quote it if you contact us again.`,
      'An agent will answer you as soon as possible, the way you asked.',
      '',
      'This is an automatic message; please do not reply.',
      'If you did not leave a message, you can ignore this email.',
    ].join('\n'),
  };
}
