-- CreateTable
CREATE TABLE "cache_lookup_days" (
    "day" DATE NOT NULL,
    "layer" TEXT NOT NULL,
    "hits" INTEGER NOT NULL DEFAULT 0,
    "misses" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "cache_lookup_days_pkey" PRIMARY KEY ("day","layer")
);

-- CreateTable
CREATE TABLE "queue_depth_samples" (
    "id" UUID NOT NULL,
    "queue" TEXT NOT NULL,
    "waiting" INTEGER NOT NULL,
    "active" INTEGER NOT NULL,
    "delayed" INTEGER NOT NULL,
    "failed" INTEGER NOT NULL,
    "sampled_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "queue_depth_samples_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "queue_depth_samples_sampled_at_idx" ON "queue_depth_samples"("sampled_at");
