-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "BookingProvider" AS ENUM ('ghl', 'calendly');

-- CreateEnum
CREATE TYPE "MemberRole" AS ENUM ('SETTER', 'INBOX_MANAGER');

-- CreateEnum
CREATE TYPE "CalendarLinkType" AS ENUM ('calendly', 'hubspot', 'ghl');

-- CreateEnum
CREATE TYPE "FollowUpStatus" AS ENUM ('active', 'completed', 'canceled');

-- CreateEnum
CREATE TYPE "WebhookEventStatus" AS ENUM ('received', 'delivered', 'ignored', 'failed');

-- CreateTable
CREATE TABLE "Client" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "ghlLocationId" TEXT NOT NULL,
    "ghlAccessTokenEnc" TEXT,
    "provisioningKey" TEXT,
    "provisioningHash" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Client_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WorkspaceSettings" (
    "clientId" TEXT NOT NULL,
    "meetingBookingProvider" "BookingProvider" NOT NULL DEFAULT 'ghl',
    "ghlCalendarId" TEXT,
    "timezone" TEXT NOT NULL DEFAULT 'UTC',
    "slotsToOffer" INTEGER NOT NULL DEFAULT 3,
    "offerExpiryHours" DOUBLE PRECISION NOT NULL DEFAULT 72,
    "reminderOffsetsMinutes" INTEGER[] DEFAULT ARRAY[1440, 60]::INTEGER[],
    "meetingDurationMinutes" INTEGER NOT NULL DEFAULT 30,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "WorkspaceSettings_pkey" PRIMARY KEY ("clientId")
);

-- CreateTable
CREATE TABLE "CalendlyConnection" (
    "clientId" TEXT NOT NULL,
    "accessTokenEnc" TEXT NOT NULL,
    "signingKeyEnc" TEXT,
    "userUri" TEXT NOT NULL,
    "organizationUri" TEXT NOT NULL,
    "eventTypeUri" TEXT NOT NULL,
    "webhookSubscriptionUri" TEXT,
    "allowUnsignedWebhooks" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CalendlyConnection_pkey" PRIMARY KEY ("clientId")
);

-- CreateTable
CREATE TABLE "User" (
    "id" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ClientMember" (
    "id" TEXT NOT NULL,
    "clientId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "role" "MemberRole" NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ClientMember_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Lead" (
    "id" TEXT NOT NULL,
    "clientId" TEXT NOT NULL,
    "ghlContactId" TEXT,
    "name" TEXT,
    "email" TEXT,
    "phone" TEXT,
    "timezone" TEXT,
    "status" TEXT NOT NULL DEFAULT 'new',
    "offeredSlots" JSONB,
    "offeredAt" TIMESTAMP(3),
    "bookedSlot" TIMESTAMP(3),
    "appointmentBookedAt" TIMESTAMP(3),
    "ghlAppointmentId" TEXT,
    "calendlyInviteeUri" TEXT,
    "calendlyScheduledEventUri" TEXT,
    "needsAttentionReason" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Lead_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CalendarLink" (
    "id" TEXT NOT NULL,
    "clientId" TEXT NOT NULL,
    "type" "CalendarLinkType" NOT NULL,
    "url" TEXT NOT NULL,
    "isDefault" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CalendarLink_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WorkspaceAvailabilityCache" (
    "clientId" TEXT NOT NULL,
    "provider" "BookingProvider" NOT NULL,
    "slots" JSONB NOT NULL,
    "fetchedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "WorkspaceAvailabilityCache_pkey" PRIMARY KEY ("clientId","provider")
);

-- CreateTable
CREATE TABLE "FollowUpInstance" (
    "id" TEXT NOT NULL,
    "leadId" TEXT NOT NULL,
    "status" "FollowUpStatus" NOT NULL DEFAULT 'active',
    "triggeredByMeetingSelection" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completedAt" TIMESTAMP(3),

    CONSTRAINT "FollowUpInstance_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "InboundMessageLog" (
    "id" TEXT NOT NULL,
    "clientId" TEXT NOT NULL,
    "leadId" TEXT NOT NULL,
    "messageId" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL,
    "outcome" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "InboundMessageLog_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WebhookEventLog" (
    "id" TEXT NOT NULL,
    "provider" "BookingProvider" NOT NULL,
    "clientId" TEXT NOT NULL,
    "eventKey" TEXT NOT NULL,
    "eventType" TEXT NOT NULL,
    "leadId" TEXT,
    "payload" JSONB NOT NULL,
    "status" "WebhookEventStatus" NOT NULL DEFAULT 'received',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deliveredAt" TIMESTAMP(3),

    CONSTRAINT "WebhookEventLog_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SentReminder" (
    "key" TEXT NOT NULL,
    "leadId" TEXT NOT NULL,
    "meetingAt" TIMESTAMP(3) NOT NULL,
    "sentAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SentReminder_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE UNIQUE INDEX "Client_ghlLocationId_key" ON "Client"("ghlLocationId");

-- CreateIndex
CREATE UNIQUE INDEX "Client_provisioningKey_key" ON "Client"("provisioningKey");

-- CreateIndex
CREATE UNIQUE INDEX "Client_provisioningHash_key" ON "Client"("provisioningHash");

-- CreateIndex
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");

-- CreateIndex
CREATE INDEX "ClientMember_userId_idx" ON "ClientMember"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "ClientMember_clientId_userId_role_key" ON "ClientMember"("clientId", "userId", "role");

-- CreateIndex
CREATE UNIQUE INDEX "Lead_calendlyInviteeUri_key" ON "Lead"("calendlyInviteeUri");

-- CreateIndex
CREATE INDEX "Lead_clientId_email_idx" ON "Lead"("clientId", "email");

-- CreateIndex
CREATE UNIQUE INDEX "Lead_clientId_ghlContactId_key" ON "Lead"("clientId", "ghlContactId");

-- CreateIndex
CREATE INDEX "CalendarLink_clientId_idx" ON "CalendarLink"("clientId");

-- CreateIndex
CREATE INDEX "FollowUpInstance_leadId_status_idx" ON "FollowUpInstance"("leadId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "InboundMessageLog_clientId_messageId_key" ON "InboundMessageLog"("clientId", "messageId");

-- CreateIndex
CREATE INDEX "WebhookEventLog_status_receivedAt_idx" ON "WebhookEventLog"("status", "receivedAt");

-- CreateIndex
CREATE UNIQUE INDEX "WebhookEventLog_provider_clientId_eventKey_key" ON "WebhookEventLog"("provider", "clientId", "eventKey");

-- AddForeignKey
ALTER TABLE "WorkspaceSettings" ADD CONSTRAINT "WorkspaceSettings_clientId_fkey" FOREIGN KEY ("clientId") REFERENCES "Client"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CalendlyConnection" ADD CONSTRAINT "CalendlyConnection_clientId_fkey" FOREIGN KEY ("clientId") REFERENCES "Client"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ClientMember" ADD CONSTRAINT "ClientMember_clientId_fkey" FOREIGN KEY ("clientId") REFERENCES "Client"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ClientMember" ADD CONSTRAINT "ClientMember_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Lead" ADD CONSTRAINT "Lead_clientId_fkey" FOREIGN KEY ("clientId") REFERENCES "Client"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CalendarLink" ADD CONSTRAINT "CalendarLink_clientId_fkey" FOREIGN KEY ("clientId") REFERENCES "Client"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WorkspaceAvailabilityCache" ADD CONSTRAINT "WorkspaceAvailabilityCache_clientId_fkey" FOREIGN KEY ("clientId") REFERENCES "Client"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FollowUpInstance" ADD CONSTRAINT "FollowUpInstance_leadId_fkey" FOREIGN KEY ("leadId") REFERENCES "Lead"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InboundMessageLog" ADD CONSTRAINT "InboundMessageLog_clientId_fkey" FOREIGN KEY ("clientId") REFERENCES "Client"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WebhookEventLog" ADD CONSTRAINT "WebhookEventLog_clientId_fkey" FOREIGN KEY ("clientId") REFERENCES "Client"("id") ON DELETE CASCADE ON UPDATE CASCADE;
