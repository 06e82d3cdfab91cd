export type { SandboxMeetingLink, SeedMeetingLinkInput } from './model';
export {
  type HubspotSandbox,
  type HubspotSandboxOptions,
  type HubspotTrafficEntry,
  startHubspotSandbox,
  DEFAULT_HUBSPOT_SANDBOX_TOKEN,
  DEMO_HUBSPOT_MEETING_LINK,
} from './server';
