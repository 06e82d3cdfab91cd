import type { ConnectDeps, ProviderModule } from '../module';
import { createCalendlyAdapter } from './adapter';
import { connectCalendly, disconnectCalendly, readCalendlyConnection } from './connect';
import { type CalendlyCredentials, calendlyCredentials, connectCalendlyBodySchema } from './credentials';
import { calendlyEventTypeSetting } from './eventTypeSetting';
import { calendlyLeadRecord } from './leadRecord';
import { calendlyWebhook } from './webhook';

/** Calendly: books invitees through the Scheduling API; a workspace connects it with a personal access token. */
export const calendlyProvider: ProviderModule<CalendlyCredentials> = {
  name: 'calendly',
  label: 'Calendly',
  createAdapter: createCalendlyAdapter,
  credentials: calendlyCredentials,
  leadRecord: calendlyLeadRecord,
  webhook: calendlyWebhook,
  connect: {
    bodySchema: connectCalendlyBodySchema,
    connect: (deps: ConnectDeps, clientId, body) =>
      connectCalendly(deps, clientId, connectCalendlyBodySchema.parse(body)),
    read: readCalendlyConnection,
    disconnect: disconnectCalendly,
    settings: calendlyEventTypeSetting,
  },
};
