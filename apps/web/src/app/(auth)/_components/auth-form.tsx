"use client";

import { useState, type FormEvent } from "react";
import { csrfHeaders } from "~/lib/csrf-client";
import styles from "./auth-form.module.css";

type TMode = "sign-in" | "sign-up";

const ENDPOINT: Record<TMode, string> = { "sign-in": "/api/auth/sign-in/email", "sign-up": "/api/auth/sign-up/email" };

/** Only same-site paths: `?next=https://evil.example` must not turn sign-in into an open redirect. */
function safeNext(): string {
  const next = new URLSearchParams(window.location.search).get("next");
  return next && next.startsWith("/") && !next.startsWith("//") && !next.startsWith("/\\") ? next : "/";
}

async function messageOf(response: Response): Promise<string> {
  if (response.status === 429) {
    const wait = response.headers.get("retry-after");
    return `Too many attempts. Try again in ${wait ?? "a few"} seconds.`;
  }
  const body = (await response.json().catch(() => null)) as { message?: string; error?: { message?: string } } | null;
  return body?.message ?? body?.error?.message ?? `The server answered ${response.status}. Try again in a moment.`;
}

export function AuthForm({ mode }: { mode: TMode }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const email = String(form.get("email") ?? "").trim();
    const password = String(form.get("password") ?? "");
    const name = String(form.get("name") ?? "").trim() || email.split("@")[0] || email;
    setBusy(true);
    setError(null);
    try {
      const response = await fetch(ENDPOINT[mode], {
        method: "POST",
        credentials: "same-origin",
        headers: { "content-type": "application/json", ...csrfHeaders() },
        body: JSON.stringify(mode === "sign-up" ? { name, email, password } : { email, password }),
      });
      if (!response.ok) {
        setError(await messageOf(response));
        return;
      }
      window.location.assign(safeNext());
    } catch {
      setError("The server could not be reached. Check your connection and try again.");
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className={styles.form} onSubmit={(e) => void onSubmit(e)} noValidate={false}>
      {mode === "sign-up" && (
        <label className={styles.field}>
          Name (optional)
          <input name="name" type="text" autoComplete="name" maxLength={100} />
        </label>
      )}
      <label className={styles.field}>
        Email
        <input name="email" type="email" autoComplete="email" required />
      </label>
      <label className={styles.field}>
        Password
        <input
          name="password"
          type="password"
          autoComplete={mode === "sign-up" ? "new-password" : "current-password"}
          minLength={mode === "sign-up" ? 10 : undefined}
          required
          aria-describedby={mode === "sign-up" ? "password-hint" : undefined}
        />
      </label>
      {mode === "sign-up" && (
        <p id="password-hint" className="muted">
          At least 10 characters. A few unrelated words make a good one.
        </p>
      )}
      {error && (
        <p role="alert" className="error" data-testid="auth-error">
          {error}
        </p>
      )}
      <button type="submit" disabled={busy}>
        {mode === "sign-up" ? "Create account" : "Sign in"}
      </button>
    </form>
  );
}
