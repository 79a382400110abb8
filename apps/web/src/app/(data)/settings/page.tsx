import type { Metadata } from "next";
import { AccountSettings } from "~/components/account-settings";
import { CacheSettings } from "~/components/cache-settings";

export const metadata: Metadata = { title: "Settings" };

export default function SettingsPage() {
  return (
    <>
      <h1>Settings</h1>
      <CacheSettings />
      <AccountSettings />
    </>
  );
}
