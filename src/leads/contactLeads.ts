import type { ContactDetails } from '../providers/module';
import { type LeadUpsert, leadUpsertSchema } from './leadDirectory';

const FIELDS = ['name', 'email', 'phone', 'timezone'] as const;

/**
 * A provider contact as lead fields, each checked by the same rule as `PUT .../leads/:externalId`. A
 * field that fails its rule (a phone with an extension, an e-mail GHL accepted and we do not) is left
 * out and named in `dropped` rather than refusing the lead: the provider already holds the contact, and
 * a lead without a phone still books.
 */
export function leadFromContact(contact: ContactDetails): { input: LeadUpsert; dropped: string[] } {
  const input: LeadUpsert = {};
  const dropped: string[] = [];
  for (const field of FIELDS) {
    const value = contact[field];
    if (value === undefined) continue;
    const parsed = leadUpsertSchema.shape[field].safeParse(value);
    if (parsed.success && parsed.data != null) Object.assign(input, { [field]: parsed.data });
    else dropped.push(field);
  }
  return { input, dropped };
}

/** The delivery note for a lead made or updated from a contact. */
export function contactNote(created: boolean, dropped: string[]): string {
  const what = created ? 'lead created from contact' : 'lead updated from contact';
  return dropped.length ? `${what}; unusable fields left out: ${dropped.join(', ')}` : what;
}
