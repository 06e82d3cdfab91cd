import { z } from 'zod';
import type { ProviderCredentials } from '../module';

/** What GHL booking needs for a workspace: its location, a private integration token and the calendar. */
export const ghlCredentialsSchema = z.object({
  locationId: z.string().min(1),
  accessToken: z.string().min(1),
  calendarId: z.string().min(1),
});
export type GhlCredentials = z.infer<typeof ghlCredentialsSchema>;

/** The token lives (encrypted) on the workspace row, the calendar in its settings. */
export const ghlCredentials: ProviderCredentials<GhlCredentials> = {
  schema: ghlCredentialsSchema,
  async load({ client, settings, secrets }) {
    if (!client.ghlAccessTokenEnc || !settings.ghlCalendarId) return undefined;
    return {
      locationId: client.ghlLocationId,
      accessToken: secrets.decrypt(client.ghlAccessTokenEnc),
      calendarId: settings.ghlCalendarId,
    };
  },
};
