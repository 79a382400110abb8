-- CreateTable
CREATE TABLE "llm_spend_days" (
    "day" DATE NOT NULL,
    "scope" TEXT NOT NULL,
    "usd" DECIMAL(12,6) NOT NULL DEFAULT 0,

    CONSTRAINT "llm_spend_days_pkey" PRIMARY KEY ("day","scope")
);
