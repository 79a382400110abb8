/** The served app makes this address an administrator when it signs up (ADMIN_EMAILS in serve-app.ts). */
export const E2E_ADMIN_EMAIL = "e2e-admin@example.test";
