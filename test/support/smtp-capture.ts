/**
 * A real SMTP server (`smtp-server`) on a free port of 127.0.0.1 that keeps what it receives, for
 * tests of the emails the product sends (no TLS, no authentication: nodemailer on the same host).
 */
import { SMTPServer } from 'smtp-server';
import { freePort } from './free-port.js';

export interface ReceivedMail {
  to: string[];
  raw: string;
}

export interface SmtpCapture {
  port: number;
  /** Every message received, in order; empty it between tests. */
  received: ReceivedMail[];
  close(): Promise<void>;
}

export async function startSmtpCapture(): Promise<SmtpCapture> {
  const port = await freePort();
  const received: ReceivedMail[] = [];
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        received.push({ to: session.envelope.rcptTo.map((recipient) => recipient.address), raw: Buffer.concat(chunks).toString('utf8') });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(port, '127.0.0.1', resolve));
  return { port, received, close: () => new Promise<void>((resolve) => smtp.close(() => resolve())) };
}
