import nodemailer from 'nodemailer';
import type { Db } from '@aiconnected/db';

/** One outgoing message. `html` is optional; every message has a plain-text body. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
}

/** Sends mail; the transport behind it is chosen once, at start-up. */
export interface Mailer {
  send(message: MailMessage): Promise<void>;
}

/** Where mail goes: the local mailbox table (local default) or an SMTP server. */
export type MailTransport = 'mailbox' | 'smtp';

export interface CreateMailerOptions {
  transport: MailTransport;
  /** `smtp://user:pass@host:port` (or `smtps://`); required for `smtp`. */
  smtpUrl?: string;
  /** The sender address of every message. */
  from: string;
  /** Where the mailbox transport stores messages. */
  db: Db;
}

/**
 * Creates the mailer of a process. `mailbox` stores each message in `mail_messages`, where
 * `/dev/mailbox` shows it (local development and tests: links are read from there, nothing
 * leaves the machine); `smtp` hands messages to nodemailer's SMTP transport.
 */
export function createMailer(options: CreateMailerOptions): Mailer {
  const { from } = options;
  if (options.transport === 'smtp') {
    if (!options.smtpUrl) throw new TypeError('createMailer: the smtp transport needs smtpUrl');
    const transporter = nodemailer.createTransport(options.smtpUrl);
    return {
      async send(message) {
        await transporter.sendMail({
          from,
          to: message.to,
          subject: message.subject,
          text: message.text,
          ...(message.html === undefined ? {} : { html: message.html }),
        });
      },
    };
  }
  const { db } = options;
  return {
    async send(message) {
      // mail_messages is service-only: the mailbox is a development inbox, not tenant data.
      await db.withService('mail: store message in the local mailbox', (tx) =>
        tx.query(
          `insert into public.mail_messages (to_address, from_address, subject, text_body, html_body)
           values ($1, $2, $3, $4, $5)`,
          [message.to, from, message.subject, message.text, message.html ?? null],
        ),
      );
    },
  };
}
