import type { Metadata } from "next";
import { QueueList } from "~/components/queue-list";

export const metadata: Metadata = { title: "Queue" };

export default function QueuePage() {
  return (
    <>
      <h1>Queue</h1>
      <p className="muted">Every file you added on this device, kept across reloads until you remove it.</p>
      <QueueList />
    </>
  );
}
