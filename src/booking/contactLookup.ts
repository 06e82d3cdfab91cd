import type { ConnectDeps, ContactDetails, ProviderModule } from '../providers/module';

/** A workspace's contact from the provider that keeps contacts; undefined when it does not know it. */
export type ContactLookup = (clientId: string, contactId: string) => Promise<ContactDetails | undefined>;

/**
 * The lookup over the registered providers' contacts parts (today GHL's): the lead's `externalId` is a
 * contact id there. With no such provider every contact is unknown (a message for it stays a 404).
 */
export function contactLookup(modules: readonly ProviderModule[], deps: ConnectDeps): ContactLookup {
  const sources = modules.flatMap((m) => (m.contacts ? [m.contacts] : []));
  return async (clientId, contactId) => {
    for (const source of sources) {
      const found = await source.fetch(deps, clientId, contactId);
      if (found) return found;
    }
    return undefined;
  };
}
