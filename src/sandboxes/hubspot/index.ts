export type { SandboxMeetingLink, SeedMeetingLinkInput } from './model';
export {
  DEFAULT_HUBSPOT_SANDBOX_TOKEN,
  DEMO_HUBSPOT_MEETING_LINK,
  type HubspotSandbox,
  type HubspotSandboxOptions,
  type HubspotTrafficEntry,
  startHubspotSandbox,
} from './server';
