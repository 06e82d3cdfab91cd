import { AppError } from '../../errors';
import type { ContactDetails, ProviderContacts } from '../module';
import { ghlBaseUrl } from './adapter';
import { GhlClient } from './client';
import type { ContactWebhook, GhlContact } from './schemas';

/**
 * GHL is where a lead's contact lives (`externalId` = GHL contact id). Only the location's token is
 * needed: a workspace booking through Calendly has no GHL calendar but still has its contacts in GHL.
 */
export const ghlContacts: ProviderContacts = {
  async fetch({ db, secrets, config }, clientId, contactId) {
    const client = await db.client.findUnique({
      where: { id: clientId },
      select: { ghlAccessTokenEnc: true },
    });
    if (!client) throw new AppError('not_found', `unknown workspace ${clientId}`);
    // No token: GHL cannot be asked, so the contact is as unknown as one GHL does not hold.
    if (!client.ghlAccessTokenEnc) return undefined;
    const ghl = new GhlClient({
      baseUrl: ghlBaseUrl(config),
      token: secrets.decrypt(client.ghlAccessTokenEnc),
      apiVersion: config.GHL_API_VERSION,
      timeoutMs: config.PROVIDER_TIMEOUT_MS,
    });
    const contact = await ghl.getContact(contactId);
    return contact ? contactDetails(contact) : undefined;
  },
};

/** The lead's fields from a GHL contact (API answer or Contact* webhook); `name` falls back to first + last. */
export function contactDetails(contact: GhlContact | ContactWebhook): ContactDetails {
  const fullName = [contact.firstName, contact.lastName].filter((part) => part?.trim()).join(' ');
  const name = contact.name?.trim() || fullName || undefined;
  return {
    ...(name ? { name } : {}),
    ...(contact.email?.trim() ? { email: contact.email.trim() } : {}),
    ...(contact.phone?.trim() ? { phone: contact.phone.trim() } : {}),
    ...(contact.timezone?.trim() ? { timezone: contact.timezone.trim() } : {}),
  };
}
