import { once } from 'node:events';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { createTestDatabase, type TestDatabase } from '@aiconnected/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMailer } from '../src/mail/create-mailer';
import { emailVerificationMail } from '../src/mail/email-verification-mail';
import { invitationMail } from '../src/mail/invitation-mail';
import { listMailbox } from '../src/mail/list-mailbox';
import { emailChangeNoticeMail } from '../src/mail/email-change-notice-mail';
import { passwordResetMail } from '../src/mail/password-reset-mail';

let test: TestDatabase;

beforeAll(async () => {
  test = await createTestDatabase();
});
afterAll(async () => {
  await test.drop();
});

/**
 * A stand-in SMTP server (not a real MTA): speaks just enough RFC 5321 for nodemailer to
 * deliver one message, and records each envelope and DATA payload.
 */
async function startSmtpStandIn(): Promise<{
  server: Server;
  port: number;
  received: { rcpt: string[]; data: string }[];
}> {
  const received: { rcpt: string[]; data: string }[] = [];
  const server = createServer((socket) => {
    let buffer = '';
    let inData = false;
    let rcpt: string[] = [];
    let data = '';
    socket.write('220 smtp-stand-in ESMTP\r\n');
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      for (let end = buffer.indexOf('\r\n'); end !== -1; end = buffer.indexOf('\r\n')) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (inData) {
          if (line === '.') {
            inData = false;
            received.push({ rcpt, data });
            rcpt = [];
            data = '';
            socket.write('250 queued\r\n');
          } else data += `${line}\n`;
          continue;
        }
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO' || verb === 'HELO') socket.write('250 smtp-stand-in\r\n');
        else if (verb === 'RCPT') {
          rcpt.push(line.replace(/^RCPT TO:\s*<?([^>]*)>?.*$/i, '$1'));
          socket.write('250 ok\r\n');
        } else if (verb === 'DATA') {
          inData = true;
          socket.write('354 go ahead\r\n');
        } else if (verb === 'QUIT') socket.end('221 bye\r\n');
        else socket.write('250 ok\r\n');
      }
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, port: (server.address() as AddressInfo).port, received };
}

describe('createMailer', () => {
  it('mailbox: stores each message, listed newest first and filtered by address', async () => {
    const mailer = createMailer({
      transport: 'mailbox',
      from: 'Shell <no-reply@shell.test>',
      db: test.db,
    });
    await mailer.send({ to: 'first@mail.test', subject: 'One', text: 'first body' });
    await mailer.send({
      to: 'second@mail.test',
      subject: 'Two',
      text: 'second body',
      html: '<p>second</p>',
    });
    await mailer.send({ to: 'first@mail.test', subject: 'Three', text: 'third body' });

    const all = await listMailbox(test.db, { limit: 10 });
    expect(all.map((message) => message.subject)).toStrictEqual(['Three', 'Two', 'One']);
    expect(all[1]).toMatchObject({
      to_address: 'second@mail.test',
      from_address: 'Shell <no-reply@shell.test>',
      text_body: 'second body',
      html_body: '<p>second</p>',
    });
    const first = await listMailbox(test.db, { to: 'FIRST@mail.test', limit: 10 });
    expect(first.map((message) => message.subject)).toStrictEqual(['Three', 'One']);
    expect(
      (await listMailbox(test.db, { limit: 1 })).map((message) => message.subject),
    ).toStrictEqual(['Three']);
  });

  it('smtp: hands the message to the server of smtpUrl', async () => {
    const smtp = await startSmtpStandIn();
    try {
      const mailer = createMailer({
        transport: 'smtp',
        smtpUrl: `smtp://127.0.0.1:${smtp.port}`,
        from: 'no-reply@shell.test',
        db: test.db,
      });
      await mailer.send({ to: 'smtp-user@mail.test', subject: 'Over SMTP', text: 'plain body' });
      expect(smtp.received).toHaveLength(1);
      expect(smtp.received[0]?.rcpt).toStrictEqual(['smtp-user@mail.test']);
      expect(smtp.received[0]?.data).toContain('Subject: Over SMTP');
      expect(smtp.received[0]?.data).toContain('plain body');
      // Nothing lands in the local mailbox.
      expect(await listMailbox(test.db, { to: 'smtp-user@mail.test', limit: 10 })).toStrictEqual(
        [],
      );
    } finally {
      smtp.server.close();
    }
  });

  it('smtp without smtpUrl is a configuration error', () => {
    expect(() =>
      createMailer({ transport: 'smtp', from: 'no-reply@shell.test', db: test.db }),
    ).toThrow('createMailer: the smtp transport needs smtpUrl');
  });
});

describe('mail templates', () => {
  const token = 'tok_en-123';

  it('invitation and reset link to /set-password, verification to /verify-email, under the base URL', () => {
    const invitation = invitationMail({
      to: 'new@mail.test',
      workspaceName: 'Northwind Dental',
      baseUrl: 'https://shell.example.com/',
      token,
      expiresInHours: 168,
    });
    expect(invitation.subject).toBe('You are invited to Northwind Dental');
    expect(invitation.text).toContain('https://shell.example.com/set-password?token=tok_en-123');
    expect(invitation.html).toContain(
      'href="https://shell.example.com/set-password?token=tok_en-123"',
    );

    const reset = passwordResetMail({
      to: 'a@mail.test',
      baseUrl: 'http://localhost:3000',
      token,
      expiresInMinutes: 60,
    });
    expect(reset.text).toContain('http://localhost:3000/set-password?token=tok_en-123');
    expect(reset.text).toContain('expires in 60 minutes');

    const verification = emailVerificationMail({
      to: 'b@mail.test',
      baseUrl: 'https://shell.example.com/app',
      token,
      expiresInHours: 24,
    });
    expect(verification.to).toBe('b@mail.test');
    expect(verification.text).toContain(
      'https://shell.example.com/app/verify-email?token=tok_en-123',
    );
  });

  it('escapes user-chosen text in the html part', () => {
    const notice = emailChangeNoticeMail({
      to: 'c@mail.test',
      newEmail: '<script>alert(1)</script>@evil.test',
      baseUrl: 'http://localhost:3000',
      token: 'tok',
      expiresInHours: 24,
    });
    expect(notice.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;@evil.test');
    expect(notice.html).not.toContain('<script>');
    expect(notice.text).toContain('http://localhost:3000/cancel-email-change?token=tok');
  });
});
