// The hooks a finished job notifies, asked for many jobs at once (a busy worker's): each document
// gets its own owner's hooks for that event, never another owner's.
import { afterAll, beforeAll, describe, expect, it, inject } from "vitest";
import { createDb, type TDb } from "./client";
import { aDocument, aUser } from "./testing/factories";
import { createWebhook, webhooksForDocument } from "./webhooks";
import type {} from "./testing/global-setup";

describe("webhooksForDocument", () => {
  let db: TDb;
  beforeAll(() => {
    db = createDb(inject("databaseUrl"));
  });
  afterAll(() => db.$disconnect());

  it("answers each document's owner's hooks for the event, when asked for many documents at once", async () => {
    const [ann, bob, cy] = await Promise.all([aUser(db), aUser(db), aUser(db)]);
    const hook = (ownerId: string, events: string[]) =>
      createWebhook(db, { ownerId, url: "https://hooks.example/in", secret: "s".repeat(32), events }).then((h) => h.id);
    const annBoth = await hook(ann.id, ["job.completed", "job.failed"]);
    const annFailed = await hook(ann.id, ["job.failed"]);
    const bobCompleted = await hook(bob.id, ["job.completed"]);
    const docs = await Promise.all([aDocument(db, ann.id), aDocument(db, bob.id), aDocument(db, cy.id), aDocument(db, ann.id)]);
    const ask = (event: string) => Promise.all(docs.map(({ document }) => webhooksForDocument(db, { documentId: document.id, event })));
    const ids = (answers: { id: string }[][]) => answers.map((hooks) => hooks.map((h) => h.id).sort());

    expect(ids(await ask("job.completed"))).toEqual([[annBoth], [bobCompleted], [], [annBoth]]);
    expect(ids(await ask("job.failed"))).toEqual([[annBoth, annFailed].sort(), [], [], [annBoth, annFailed].sort()]);
  });
});
