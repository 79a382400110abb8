import { accountRouter } from "./account-router";
import { adminRouter } from "./admin-router";
import { documentsRouter } from "./documents-router";
import { extractionsRouter } from "./extractions-router";
import { jobsRouter } from "./jobs-router";
import { searchRouter } from "./search-router";
import { telemetryRouter } from "./telemetry-router";
import { uploadsRouter } from "./uploads-router";
import { webhooksRouter } from "./webhooks-router";
import { createCallerFactory, createTRPCRouter } from "./trpc";

export const appRouter = createTRPCRouter({
  account: accountRouter,
  admin: adminRouter,
  documents: documentsRouter,
  jobs: jobsRouter,
  extractions: extractionsRouter,
  search: searchRouter,
  telemetry: telemetryRouter,
  uploads: uploadsRouter,
  webhooks: webhooksRouter,
});

export type TAppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
