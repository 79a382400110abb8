-- AlterTable
ALTER TABLE "field_corrections" ADD COLUMN     "undoes_id" UUID;
