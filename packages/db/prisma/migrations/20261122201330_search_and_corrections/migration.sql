-- AlterTable
ALTER TABLE "documents" ADD COLUMN     "search_vector" tsvector;

-- CreateTable
CREATE TABLE "field_corrections" (
    "id" UUID NOT NULL,
    "extraction_id" UUID NOT NULL,
    "document_id" UUID NOT NULL,
    "field" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "value" JSONB NOT NULL,
    "previous_value" JSONB,
    "corrected_by_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "field_corrections_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "field_corrections_extraction_id_field_created_at_idx" ON "field_corrections"("extraction_id", "field", "created_at");

-- CreateIndex
CREATE INDEX "field_corrections_document_id_idx" ON "field_corrections"("document_id");

-- CreateIndex
CREATE INDEX "documents_search_vector_idx" ON "documents" USING GIN ("search_vector");

-- CreateIndex
CREATE INDEX "documents_owner_id_created_at_idx" ON "documents"("owner_id", "created_at");

-- AddForeignKey
ALTER TABLE "field_corrections" ADD CONSTRAINT "field_corrections_extraction_id_fkey" FOREIGN KEY ("extraction_id") REFERENCES "extractions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "field_corrections" ADD CONSTRAINT "field_corrections_document_id_fkey" FOREIGN KEY ("document_id") REFERENCES "documents"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "field_corrections" ADD CONSTRAINT "field_corrections_corrected_by_id_fkey" FOREIGN KEY ("corrected_by_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Full-text search (not modelled by Prisma): documents.search_vector holds the filename (weight B),
-- the field values of the latest extraction with the latest correction of each field winning
-- (weight A) and the extracted text (weight C). The 'simple' configuration: documents come in many
-- languages, and ids, amounts and names must match as written, not stemmed. ASCII punctuation is
-- turned into spaces first, as the search box does with what a person types, so "2026-11-03" is
-- the words 2026, 11 and 03 on both sides.
CREATE FUNCTION docvault_search_words(input text) RETURNS tsvector LANGUAGE sql IMMUTABLE AS $$
  SELECT to_tsvector('simple', regexp_replace(coalesce(input, ''), '[[:punct:][:space:]]+', ' ', 'g'));
$$;

CREATE FUNCTION docvault_refresh_search(doc_id uuid) RETURNS void LANGUAGE sql AS $$
  UPDATE documents d
  SET search_vector =
    setweight(docvault_search_words(d.original_filename), 'B') ||
    coalesce((
      SELECT setweight(docvault_search_words(fv.words), 'A') || setweight(docvault_search_words(e.text), 'C')
      FROM extractions e
      CROSS JOIN LATERAL (
        SELECT string_agg(v.value::text, ' ') FILTER (WHERE jsonb_typeof(v.value) <> 'null') AS words
        FROM jsonb_each(CASE WHEN jsonb_typeof(e.data -> 'document' -> 'fields') = 'object'
                             THEN e.data -> 'document' -> 'fields' ELSE '{}'::jsonb END) f
        LEFT JOIN LATERAL (
          SELECT fc.value FROM field_corrections fc
          WHERE fc.extraction_id = e.id AND fc.field = f.key
          ORDER BY fc.created_at DESC, fc.id DESC LIMIT 1
        ) c ON true
        CROSS JOIN LATERAL (SELECT coalesce(c.value, f.value -> 'value', 'null'::jsonb) AS value) v
      ) fv
      WHERE e.document_id = d.id
      ORDER BY e.created_at DESC
      LIMIT 1
    ), ''::tsvector)
  WHERE d.id = doc_id;
$$;

CREATE FUNCTION docvault_search_on_extraction() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM docvault_refresh_search(NEW.document_id);
  RETURN NULL;
END;
$$;

CREATE FUNCTION docvault_search_on_document() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.search_vector := setweight(docvault_search_words(NEW.original_filename), 'B');
  RETURN NEW;
END;
$$;

CREATE TRIGGER extractions_search AFTER INSERT OR UPDATE OF text, data ON extractions
  FOR EACH ROW EXECUTE FUNCTION docvault_search_on_extraction();
CREATE TRIGGER field_corrections_search AFTER INSERT ON field_corrections
  FOR EACH ROW EXECUTE FUNCTION docvault_search_on_extraction();
CREATE TRIGGER documents_search BEFORE INSERT ON documents
  FOR EACH ROW EXECUTE FUNCTION docvault_search_on_document();

-- Existing documents (a DO block: the migration runner wants statements that return no rows).
DO $$ BEGIN PERFORM docvault_refresh_search(id) FROM documents; END $$;
