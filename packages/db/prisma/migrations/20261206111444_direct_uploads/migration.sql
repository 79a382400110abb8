-- CreateTable
CREATE TABLE "direct_uploads" (
    "id" UUID NOT NULL,
    "owner_id" UUID NOT NULL,
    "upload_id" UUID NOT NULL,
    "staging_key" TEXT NOT NULL,
    "s3_upload_id" TEXT NOT NULL,
    "filename" TEXT NOT NULL,
    "declared_type" TEXT,
    "size_bytes" BIGINT NOT NULL,
    "sha256" TEXT NOT NULL,
    "part_size" INTEGER NOT NULL,
    "priority" INTEGER,
    "state" TEXT NOT NULL DEFAULT 'open',
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "direct_uploads_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "direct_uploads_expires_at_idx" ON "direct_uploads"("expires_at");

-- CreateIndex
CREATE UNIQUE INDEX "direct_uploads_owner_id_upload_id_key" ON "direct_uploads"("owner_id", "upload_id");

-- AddForeignKey
ALTER TABLE "direct_uploads" ADD CONSTRAINT "direct_uploads_owner_id_fkey" FOREIGN KEY ("owner_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
