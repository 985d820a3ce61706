/**
 * Outgoing email, off unless SMTP_URL is set: today only the acknowledgement a citizen gets when
 * they leave a message with an email address. Sent through nodemailer's SMTP transport.
 */
import nodemailer from 'nodemailer';

/** One plain-text email. */
export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
}

export interface Mailer {
  send(email: OutgoingEmail): Promise<void>;
  close(): void;
}

/** A mailer over SMTP (`smtp://user:pass@host:587`, or `smtps://` for TLS from the start). */
export function createSmtpMailer(smtp: { url: string; from: string }): Mailer {
  const transport = nodemailer.createTransport(smtp.url);
  return {
    send: async (email) => {
      await transport.sendMail({ from: smtp.from, to: email.to, subject: email.subject, text: email.text });
    },
    close: () => transport.close(),
  };
}
