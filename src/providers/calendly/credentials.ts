import { z } from 'zod';
import type { ProviderCredentials } from '../module';

/** What Calendly booking needs for a workspace (stored by the connect flow, ./connect.ts). */
export const calendlyCredentialsSchema = z.object({
  accessToken: z.string().min(1),
  eventTypeUri: z.string().min(1),
  organizationUri: z.string().min(1),
  userUri: z.string().min(1),
});
export type CalendlyCredentials = z.infer<typeof calendlyCredentialsSchema>;

/** The workspace's CalendlyConnection row, its token decrypted. */
export const calendlyCredentials: ProviderCredentials<CalendlyCredentials> = {
  schema: calendlyCredentialsSchema,
  async load({ db, secrets, client }) {
    const row = await db.calendlyConnection.findUnique({ where: { clientId: client.id } });
    if (!row) return undefined;
    return {
      accessToken: secrets.decrypt(row.accessTokenEnc),
      eventTypeUri: row.eventTypeUri,
      organizationUri: row.organizationUri,
      userUri: row.userUri,
    };
  },
};

/**
 * What an admin sends to connect (PUT /api/workspaces/:clientId/integrations/calendly). The body carries a
 * credential, so every message is fixed text: a zod message never includes the value it received.
 */
export const connectCalendlyBodySchema = z
  .object({
    personalAccessToken: z
      .string({ error: 'personalAccessToken is required and must be a string' })
      // Not trimmed: a token with a stray tab or newline is refused rather than quietly altered.
      .min(1, { error: 'personalAccessToken must not be empty' })
      .max(4096, { error: 'personalAccessToken is too long' })
      // Printable ASCII without spaces: anything else cannot travel in an Authorization header.
      .regex(/^[\x21-\x7e]+$/, { error: 'personalAccessToken contains characters a token cannot have' }),
    eventTypeUri: z
      .url({ protocol: /^https?$/, error: 'eventTypeUri must be a Calendly event type URI' })
      .max(2048, { error: 'eventTypeUri is too long' })
      .optional(),
  })
  .strict();
export type ConnectCalendlyInput = z.infer<typeof connectCalendlyBodySchema>;
