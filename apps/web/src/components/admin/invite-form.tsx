"use client";
/** Invite one person by e-mail: the link is shown once (and e-mailed when SMTP_URL is set). */
import { useState, type FormEvent } from "react";
import { csrfHeaders } from "~/lib/csrf-client";

type TAnswer = { result?: { data?: { json?: { link: string; emailed: boolean } } }; error?: { json?: { message?: string } } };

export function InviteForm() {
  const [state, setState] = useState<{ link?: string; emailed?: boolean; email?: string; error?: string }>({});
  const [busy, setBusy] = useState(false);
  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const email = String(new FormData(event.currentTarget).get("email") ?? "").trim();
    setBusy(true);
    try {
      const response = await fetch("/api/trpc/admin.invitations.create", {
        method: "POST",
        credentials: "same-origin",
        headers: { "content-type": "application/json", ...csrfHeaders() },
        body: JSON.stringify({ json: { email } }),
      });
      const answer = (await response.json().catch(() => ({}))) as TAnswer;
      const created = answer.result?.data?.json;
      setState(created ? { ...created, email } : { error: answer.error?.json?.message ?? `The server answered ${response.status}. Try again.` });
    } catch {
      setState({ error: "The server could not be reached. Check your connection and try again." });
    } finally {
      setBusy(false);
    }
  }
  return (
    <section aria-labelledby="invite-title">
      <h2 id="invite-title">Invite someone</h2>
      <p className="muted">The link lets that address create an account, once, within 7 days, even when sign-up is closed (ALLOW_SIGN_UP=false).</p>
      <form onSubmit={(e) => void onSubmit(e)}>
        <label>
          Email <input name="email" type="email" required />
        </label>{" "}
        <button type="submit" disabled={busy}>
          Invite
        </button>
      </form>
      {state.link && (
        <p role="status" data-testid="invite-link">
          {state.emailed ? `Sent to ${state.email}. ` : "No e-mail is sent (no SMTP_URL): give them this link yourself. "}
          <code>{state.link}</code>
        </p>
      )}
      {state.error && (
        <p role="alert" className="error">
          {state.error}
        </p>
      )}
    </section>
  );
}
