-- AlterTable
ALTER TABLE "CalendlyConnection" ADD COLUMN     "eventTypeSchedulingUrl" TEXT;
