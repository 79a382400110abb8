/** BroadcastChannel the upload queue's changes are announced on, to every page and the service worker. */
export const QUEUE_CHANNEL = "docvault-queue";

export function announceQueueChange(): void {
  if (typeof BroadcastChannel === "undefined") return;
  const channel = new BroadcastChannel(QUEUE_CHANNEL);
  channel.postMessage({ type: "changed" });
  channel.close();
}
