import type { Metadata } from "next";
import Link from "next/link";

export const metadata: Metadata = { title: "Offline" };

export default function OfflinePage() {
  return (
    <>
      <h1>You are offline</h1>
      <p>This page has not been opened on this device yet, so there is no copy of it to show.</p>
      <p>
        Files you add on the <a href="/">capture page</a> wait in the <Link href="/queue">queue</Link> and are sent when the network is back. Results already
        read are on the <Link href="/documents">documents page</Link>.
      </p>
    </>
  );
}
