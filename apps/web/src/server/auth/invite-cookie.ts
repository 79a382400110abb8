/** Where an invitation's token travels (imported by the sign-up page too: no server code here). */
export const INVITE_HEADER = "x-docvault-invite";
export const INVITE_COOKIE = "docvault-invite";
