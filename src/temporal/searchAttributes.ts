import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/**
 * Custom search attributes operators query in the Temporal UI (see README runbook).
 * Imported by workflow code too, so keep this file free of Node-only imports.
 */
export const ClientIdAttr = defineSearchAttributeKey('ClientId', SearchAttributeType.KEYWORD);
export const LeadIdAttr = defineSearchAttributeKey('LeadId', SearchAttributeType.KEYWORD);
export const BookingProviderAttr = defineSearchAttributeKey('BookingProvider', SearchAttributeType.KEYWORD);
export const BookingStatusAttr = defineSearchAttributeKey('BookingStatus', SearchAttributeType.KEYWORD);
export const NeedsAttentionAttr = defineSearchAttributeKey('NeedsAttention', SearchAttributeType.BOOL);
export const AttentionReasonAttr = defineSearchAttributeKey('AttentionReason', SearchAttributeType.TEXT);
export const MeetingStartTimeAttr = defineSearchAttributeKey(
  'MeetingStartTime',
  SearchAttributeType.DATETIME,
);

/** Name → CLI type, for `temporal server start-dev --search-attribute` and `operator search-attribute create`. */
export const SEARCH_ATTRIBUTES: Record<string, 'Keyword' | 'Bool' | 'Text' | 'Datetime'> = {
  ClientId: 'Keyword',
  LeadId: 'Keyword',
  BookingProvider: 'Keyword',
  BookingStatus: 'Keyword',
  NeedsAttention: 'Bool',
  AttentionReason: 'Text',
  MeetingStartTime: 'Datetime',
};

/** The typed keys, for the SDK's ephemeral test server (`TestWorkflowEnvironment.createLocal`). */
export const BOOKING_SEARCH_ATTRIBUTE_KEYS = [
  ClientIdAttr,
  LeadIdAttr,
  BookingProviderAttr,
  BookingStatusAttr,
  NeedsAttentionAttr,
  AttentionReasonAttr,
  MeetingStartTimeAttr,
];

/**
 * A Text search attribute value every visibility store accepts. PostgreSQL SQL visibility (Temporal
 * 1.29) stores Text with a raw `::tsvector` cast, which reads `:` as a lexeme position, `'` as a quote
 * and `\` as an escape: a value holding one of them fails the whole visibility row update, so the
 * workflow's search attributes stop changing (temporalio/temporal PR #11085). They become spaces here;
 * full-text search on words is unaffected.
 */
export function visibilityText(text: string): string {
  return text
    .replace(/[:'\\]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
