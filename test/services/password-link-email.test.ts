/**
 * The one-time link emailed through nodemailer to a real SMTP server (`smtp-server`, started here
 * on a free port) when a manager creates an account or resets its password: it reaches the
 * account's address, in English and French, with the link the manager is also shown; the manager
 * still gets the link when the mail server is down.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AccountCreate } from '../../protocol/accounts.js';
import { ask, closeAllSockets, connectAgent, signIn } from '../support/clients.js';
import { freePort } from '../support/free-port.js';
import { startSmtpCapture, type ReceivedMail, type SmtpCapture } from '../support/smtp-capture.js';
import { MANAGER, startTestServer, type TestServer } from '../support/test-server.js';

describe('emailing a one-time password link', () => {
  let smtp: SmtpCapture;
  let port: number;
  let received: ReceivedMail[] = [];
  let test: TestServer | undefined;

  beforeAll(async () => {
    smtp = await startSmtpCapture();
    ({ port, received } = smtp);
  });
  afterAll(() => smtp.close());
  afterEach(async () => {
    closeAllSockets();
    await test?.close();
    test = undefined;
    received.length = 0;
  });

  const account: AccountCreate = { email: 'Robin@Example.test', displayName: 'Robin', role: 'agent', languages: ['fr'], queueIds: ['general-fr'], maxConcurrentChats: 2 };

  const managerOn = async (smtpUrl: string) => {
    test = await startTestServer({ SMTP_URL: smtpUrl, SMTP_FROM: 'Northvale chat <chat@northvale.example>' });
    return connectAgent(test.url, await signIn(test.url, MANAGER.email, MANAGER.password));
  };

  /** The message's text, quoted-printable soft breaks and escapes undone. */
  const plain = (raw: string): string => {
    const text = raw.replace(/=\r?\n/g, '');
    const bytes: number[] = [];
    for (let i = 0; i < text.length; i++) {
      const escaped = /^=([0-9A-F]{2})/.exec(text.slice(i, i + 3));
      if (escaped !== null) {
        bytes.push(parseInt(escaped[1]!, 16));
        i += 2;
      } else bytes.push(...Buffer.from(text[i]!, 'utf8'));
    }
    return Buffer.from(bytes).toString('utf8');
  };

  it('sends the account its link, in both languages, and says so to the manager', async () => {
    const manager = await managerOn(`smtp://127.0.0.1:${port}`);
    const created = await ask(manager, 'admin:accounts:create', account);
    if (!created.ok) throw new Error(created.error.code);
    expect(created.link.emailed).toBe(true);
    expect(received).toHaveLength(1);
    expect(received[0]!.to).toEqual(['robin@example.test']);
    const text = plain(received[0]!.raw);
    expect(text).toContain(created.link.url);
    expect(text).toMatch(/Set the password/);
    expect(text).toMatch(/Créez le mot de passe/);

    const reset = await ask(manager, 'admin:accounts:reset-password', { agentId: created.account.id });
    if (!reset.ok) throw new Error(reset.error.code);
    expect(reset.link.emailed).toBe(true);
    expect(plain(received[1]!.raw)).toContain(reset.link.url);
  });

  it('still gives the manager the link when the mail server is down', async () => {
    const manager = await managerOn(`smtp://127.0.0.1:${await freePort()}`);
    const created = await ask(manager, 'admin:accounts:create', account);
    expect(created).toMatchObject({ ok: true, link: { emailed: false } });
    expect(received).toEqual([]);
  });
});
