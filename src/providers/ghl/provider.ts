import type { ProviderModule } from '../module';
import { createGhlAdapter } from './adapter';
import { ghlContacts } from './contacts';
import { type GhlCredentials, ghlCredentials } from './credentials';
import { ghlLeadRecord } from './leadRecord';
import { ghlWebhook } from './webhook';

/**
 * GoHighLevel: books appointments on a GHL calendar, and holds the contacts leads are (contacts).
 * Connected at provisioning (no connect endpoint).
 */
export const ghlProvider: ProviderModule<GhlCredentials> = {
  name: 'ghl',
  label: 'GoHighLevel',
  createAdapter: createGhlAdapter,
  credentials: ghlCredentials,
  leadRecord: ghlLeadRecord,
  webhook: ghlWebhook,
  contacts: ghlContacts,
};
