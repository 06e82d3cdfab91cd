-- AlterTable
ALTER TABLE "WorkspaceSettings" ADD COLUMN     "confirmUncertainPicks" BOOLEAN NOT NULL DEFAULT true;
