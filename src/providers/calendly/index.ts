export { calendlyBaseUrl, calendlyClientFor, createCalendlyAdapter } from './adapter';
export {
  CalendlyClient,
  type CalendlyClientOptions,
  type CreateInviteeInput,
  type CreateWebhookSubscriptionInput,
  classifyCalendlyError,
  type FindActiveEventInput,
  MAX_AVAILABILITY_WINDOW_MS,
} from './client';
export * from './schemas';
export {
  CALENDLY_SIGNATURE_HEADER,
  type CalendlySignatureCheck,
  type CalendlyWebhookParseResult,
  calendlyEventKey,
  DEFAULT_SIGNATURE_TOLERANCE_SECONDS,
  parseCalendlyWebhook,
  signCalendlyPayload,
  type VerifyCalendlySignatureInput,
  verifyCalendlySignature,
} from './webhooks';
