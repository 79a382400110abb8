import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

export type TCaughtMail = { to: string; subject: string; text: string };

/**
 * A real SMTP server on loopback (smtp-server) that keeps every message it receives, parsed
 * (mailparser): what the app's SMTP client really sent, over the wire.
 */
export async function startMailCatcher() {
  const mails: TCaughtMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, session, callback) {
      const to = session.envelope.rcptTo.map((r) => r.address.toLowerCase()).join(",");
      simpleParser(stream)
        .then((parsed) => {
          mails.push({ to, subject: parsed.subject ?? "", text: parsed.text ?? "" });
          callback();
        })
        .catch((error: unknown) => callback(error instanceof Error ? error : new Error(String(error))));
    },
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.server.address();
      resolve(typeof address === "object" && address ? address.port : 0);
    });
  });
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    /** The first message to `to` whose subject matches, waiting for it up to `timeoutMs`. */
    async waitFor(to: string, subject: RegExp, timeoutMs = 10_000): Promise<TCaughtMail> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = mails.find((m) => m.to === to.toLowerCase() && subject.test(m.subject));
        if (found) return found;
        if (Date.now() > deadline)
          throw new Error(`no e-mail to ${to} matching ${String(subject)}; got: ${mails.map((m) => `${m.to}: ${m.subject}`).join("; ")}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The first http(s) link in a message's text. */
export function linkIn(text: string): string {
  const link = /https?:\/\/\S+/.exec(text)?.[0];
  if (!link) throw new Error(`no link in: ${text}`);
  return link;
}
