-- CreateIndex
CREATE INDEX "Lead_clientId_ghlAppointmentId_idx" ON "Lead"("clientId", "ghlAppointmentId");
