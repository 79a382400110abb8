-- CreateTable
CREATE TABLE "mistral_batches" (
    "id" UUID NOT NULL,
    "mistral_job_id" TEXT,
    "status" TEXT NOT NULL DEFAULT 'submitting',
    "lease_until" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "mistral_batches_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "mistral_batch_items" (
    "job_id" UUID NOT NULL,
    "batch_id" UUID,
    "status" TEXT NOT NULL DEFAULT 'waiting',
    "reserved_usd" DECIMAL(12,6) NOT NULL DEFAULT 0,
    "ocr" JSONB,
    "reason" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "mistral_batch_items_pkey" PRIMARY KEY ("job_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "mistral_batches_mistral_job_id_key" ON "mistral_batches"("mistral_job_id");

-- CreateIndex
CREATE INDEX "mistral_batch_items_status_created_at_idx" ON "mistral_batch_items"("status", "created_at");

-- CreateIndex
CREATE INDEX "mistral_batch_items_batch_id_idx" ON "mistral_batch_items"("batch_id");

-- AddForeignKey
ALTER TABLE "mistral_batch_items" ADD CONSTRAINT "mistral_batch_items_job_id_fkey" FOREIGN KEY ("job_id") REFERENCES "extraction_jobs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "mistral_batch_items" ADD CONSTRAINT "mistral_batch_items_batch_id_fkey" FOREIGN KEY ("batch_id") REFERENCES "mistral_batches"("id") ON DELETE SET NULL ON UPDATE CASCADE;
