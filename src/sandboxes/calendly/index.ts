export type { RecordedRequest } from './context';
export { DEFAULT_WEBHOOK_RETRY, type WebhookDeliveryView, type WebhookRetryOptions } from './deliveries';
export { CALENDLY_PLANS, type CalendlyPlan, type SandboxKnobs, type WeeklyHours } from './model';
export {
  type BookAsLeadInput,
  type CalendlySandbox,
  type CalendlySandboxOptions,
  DEFAULT_CALENDLY_SANDBOX_TOKEN,
  type RescheduleOrder,
  type SeedResult,
  startCalendlySandbox,
} from './server';
export type { SeedEventTypeInput, SeedInput } from './store';
