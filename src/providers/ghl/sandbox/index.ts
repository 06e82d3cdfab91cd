export type { SandboxLogger, TrafficEntry } from './context';
export { DEFAULT_KNOBS, type SandboxKnobs, type SandboxKnobsPatch } from './faults';
export { SLOT_TAKEN_MESSAGE } from './ghlApi';
export type {
  CalendarSeed,
  ContactSeed,
  LocationSeed,
  OpenHoursRule,
  SandboxAppointment,
  SandboxLocation,
  SandboxMessage,
} from './model';
export { type GhlSandbox, type GhlSandboxOptions, generateSigningKeyPair, startGhlSandbox } from './server';
export type { OutgoingWebhook, WebhookTarget } from './webhookSender';
