-- The availability cache is keyed by its source (default calendar link or booking provider calendar)
-- instead of the booking provider. It is a cache: its rows are dropped, not converted.
DELETE FROM "WorkspaceAvailabilityCache";

-- AlterTable
ALTER TABLE "WorkspaceAvailabilityCache" DROP CONSTRAINT "WorkspaceAvailabilityCache_pkey",
DROP COLUMN "provider",
ADD COLUMN     "source" TEXT NOT NULL,
ADD CONSTRAINT "WorkspaceAvailabilityCache_pkey" PRIMARY KEY ("clientId", "source");

-- AlterTable
ALTER TABLE "CalendarLink" ADD COLUMN     "accessTokenEnc" TEXT;
