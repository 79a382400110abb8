"use client";

import { useState, type FormEvent } from "react";
import { csrfHeaders } from "~/lib/csrf-client";
import styles from "./auth-form.module.css";

async function postJson(url: string, body: unknown): Promise<{ ok: boolean; message: string | null }> {
  try {
    const response = await fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "content-type": "application/json", ...csrfHeaders() },
      body: JSON.stringify(body),
    });
    if (response.ok) return { ok: true, message: null };
    if (response.status === 429) return { ok: false, message: `Too many requests. Try again in ${response.headers.get("retry-after") ?? "a few"} seconds.` };
    const answer = (await response.json().catch(() => null)) as { message?: string } | null;
    return { ok: false, message: answer?.message ?? `The server answered ${response.status}. Try again in a moment.` };
  } catch {
    return { ok: false, message: "The server could not be reached. Check your connection and try again." };
  }
}

/** Asks for a reset link; the answer is the same whether the address has an account or not. */
export function ForgotPasswordForm() {
  const [state, setState] = useState<{ sent?: string; error?: string }>({});
  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const email = String(new FormData(event.currentTarget).get("email") ?? "").trim();
    const result = await postJson("/api/auth/request-password-reset", { email, redirectTo: "/reset-password" });
    setState(result.ok ? { sent: email } : { error: result.message ?? "" });
  }
  if (state.sent) return <p role="status">If {state.sent} has an account, a link to reset its password is on its way. It works for an hour.</p>;
  return (
    <form className={styles.form} onSubmit={(e) => void onSubmit(e)}>
      <label className={styles.field}>
        Email
        <input name="email" type="email" autoComplete="email" required />
      </label>
      {state.error && (
        <p role="alert" className="error">
          {state.error}
        </p>
      )}
      <button type="submit">Send me a link</button>
    </form>
  );
}

/** Chooses a new password with the token the e-mailed link brought (?token=). */
export function ResetPasswordForm({ token, invalid }: { token: string | null; invalid: boolean }) {
  const [state, setState] = useState<{ done?: boolean; error?: string }>({});
  if (invalid || !token) return <p role="alert">This link is not valid any more (it works once, for an hour). Ask for a new one from the sign-in page.</p>;
  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const newPassword = String(new FormData(event.currentTarget).get("password") ?? "");
    const result = await postJson("/api/auth/reset-password", { newPassword, token });
    setState(result.ok ? { done: true } : { error: result.message ?? "" });
  }
  if (state.done)
    return (
      <p role="status">
        Your password is changed, and every session signed out. <a href="/sign-in">Sign in</a> with the new one.
      </p>
    );
  return (
    <form className={styles.form} onSubmit={(e) => void onSubmit(e)}>
      <label className={styles.field}>
        New password
        <input name="password" type="password" autoComplete="new-password" minLength={10} required />
      </label>
      {state.error && (
        <p role="alert" className="error">
          {state.error}
        </p>
      )}
      <button type="submit">Change password</button>
    </form>
  );
}
