export { createGhlAdapter, createGhlMessenger, type GhlMessenger, ghlBaseUrl } from './adapter';
export {
  type CreateAppointmentInput,
  classifyGhlError,
  type FindContactAppointmentInput,
  type FreeSlotsQuery,
  GhlClient,
  type GhlClientOptions,
  type SendMessageInput,
  toIsoUtc,
} from './client';
export * from './schemas';
export {
  GHL_SIGNATURE_HEADER,
  type GhlWebhookParseResult,
  isFreshGhlWebhook,
  parseGhlWebhook,
  verifyGhlSignature,
} from './webhooks';
