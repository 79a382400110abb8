import nodemailer from "nodemailer";
import type { Logger } from "pino";

export type TMail = { to: string; subject: string; text: string; /** The link the message carries, for the log when there is no SMTP. */ link?: string };

export type TMailer = {
  /** Whether messages leave the machine (SMTP_URL is set); without it they only reach the server's log. */
  readonly delivers: boolean;
  /**
   * Sends in the background: the request that caused it answers in the same time whether the
   * address exists or not (a reset for an unknown address sends nothing). Failures are logged.
   */
  send(mail: TMail): void;
  /** Resolves once every message handed to send() has been delivered or has failed (tests, shutdown). */
  idle(): Promise<void>;
  close(): void;
};

/**
 * Account e-mail (verification, password reset, invitations) through SMTP_URL with nodemailer.
 * Without SMTP_URL nothing is sent; `logLinks` (the operator's own log) gets the link instead, so
 * one machine with no mail server can still verify an ADMIN_EMAILS address.
 */
export function createMailer(opts: { smtpUrl?: string | undefined; from: string; log: Logger }): TMailer {
  const transport = opts.smtpUrl ? nodemailer.createTransport(opts.smtpUrl) : null;
  const pending = new Set<Promise<void>>();
  return {
    delivers: transport !== null,
    send(mail) {
      if (!transport) {
        if (mail.link) opts.log.warn({ subject: mail.subject, link: mail.link }, "no SMTP_URL: this e-mail was not sent; its link is here for the operator");
        return;
      }
      const sending = transport
        .sendMail({ from: opts.from, to: mail.to, subject: mail.subject, text: mail.text })
        .then(
          () => opts.log.info({ subject: mail.subject }, "account e-mail sent"),
          (error: unknown) =>
            opts.log.error(
              { subject: mail.subject, err: error instanceof Error ? error.message : String(error) },
              "account e-mail could not be sent (check SMTP_URL)",
            ),
        )
        .finally(() => pending.delete(sending));
      pending.add(sending);
    },
    async idle() {
      await Promise.all([...pending]);
    },
    close() {
      transport?.close();
    },
  };
}
