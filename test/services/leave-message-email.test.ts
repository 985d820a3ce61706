/**
 * The acknowledgement email of a left message, sent through nodemailer to a real SMTP server
 * (`smtp-server`, started here on a free port): it reaches the address the citizen gave, in their
 * language, with the reference and without their message; nobody gets more than three a day; no
 * address, no email; and a mail server that is down loses no message.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { LeaveMessage } from '../../protocol/visitor-events.js';
import { ask, closeAllSockets, connectVisitor } from '../support/clients.js';
import { freePort } from '../support/free-port.js';
import { startSmtpCapture, type ReceivedMail, type SmtpCapture } from '../support/smtp-capture.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

describe('acknowledging a left message by email', () => {
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

  const leave = (overrides: Partial<LeaveMessage> = {}): LeaveMessage => ({
    clientId: randomUUID(),
    topicId: 'benefits',
    language: 'en',
    email: 'sam@example.test',
    text: 'My secret question about my payment',
    pageUrl: 'http://127.0.0.1/benefits',
    ...overrides,
  });

  const start = async (smtpUrl = `smtp://127.0.0.1:${port}`) => {
    test = await startTestServer({ SMTP_URL: smtpUrl, SMTP_FROM: 'Northvale chat <chat@northvale.example>' });
    return connectVisitor(test.url);
  };

  it('sends the citizen their reference in their language, and never their message', async () => {
    const visitor = await start();
    const english = await ask(visitor, 'message:leave', leave());
    const french = await ask(visitor, 'message:leave', leave({ language: 'fr', email: 'marie@example.test', topicId: 'permits' }));
    await vi.waitFor(() => expect(received).toHaveLength(2));
    const toSam = received.find((mail) => mail.to.includes('sam@example.test'))!;
    const toMarie = received.find((mail) => mail.to.includes('marie@example.test'))!;
    expect(english.ok && toSam.raw.includes(english.reference)).toBe(true);
    expect(toSam.raw).toMatch(/Subject: We received your message/);
    expect(toSam.raw).toMatch(/From: Northvale chat <chat@northvale\.example>/);
    expect(toSam.raw).toContain('Northvale Public Services');
    expect(french.ok && toMarie.raw.includes(french.reference)).toBe(true);
    expect(toMarie.raw).toMatch(/Services publics de Northvale/);
    for (const mail of received) expect(mail.raw).not.toContain('secret question');
  });

  it('sends nothing without an address, and at most three a day to one address', async () => {
    const visitor = await start();
    await ask(visitor, 'message:leave', leave({ email: undefined, phone: '613-555-0100' }));
    const other = await connectVisitor(test!.url, { address: '10.0.0.2' });
    for (let i = 0; i < 4; i++) await ask(i < 2 ? visitor : other, 'message:leave', leave());
    await vi.waitFor(() => expect(received).toHaveLength(3));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(received).toHaveLength(3);
    expect(await test!.server.services.store.inbox.list(null, null, 10)).toHaveLength(5);
  });

  it('keeps the message when the mail server cannot be reached', async () => {
    const visitor = await start(`smtp://127.0.0.1:${await freePort()}`);
    expect(await ask(visitor, 'message:leave', leave())).toMatchObject({ ok: true });
    expect(await test!.server.services.store.inbox.list(null, null, 10)).toHaveLength(1);
  });
});
