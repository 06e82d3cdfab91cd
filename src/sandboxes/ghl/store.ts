import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  emptyState,
  type LocationSeed,
  type SandboxAppointment,
  type SandboxCalendar,
  type SandboxLocation,
  type SandboxMessage,
  type SandboxState,
  toSandboxLocation,
} from './model';

/**
 * The sandbox's data and its persistence. Every mutation goes through `commit`, which writes the state
 * file (when configured) synchronously, so a dev process killed right after a booking still has it.
 */
export class SandboxStore {
  private state: SandboxState;

  constructor(private readonly stateFile?: string) {
    this.state = stateFile ? loadState(stateFile) : emptyState();
  }

  get appointments(): readonly SandboxAppointment[] {
    return this.state.appointments;
  }

  get messages(): readonly SandboxMessage[] {
    return this.state.messages;
  }

  get locations(): readonly SandboxLocation[] {
    return this.state.locations;
  }

  /** Adds a location or replaces its token, calendars and contacts (its bookings are kept). */
  seedLocation(seed: LocationSeed): SandboxLocation {
    const location = toSandboxLocation(seed);
    const others = this.state.locations.filter((l) => l.locationId !== location.locationId);
    this.state.locations = [...others, location];
    this.commit();
    return location;
  }

  locationByToken(token: string): SandboxLocation | undefined {
    return this.state.locations.find((l) => l.token === token);
  }

  location(locationId: string): SandboxLocation | undefined {
    return this.state.locations.find((l) => l.locationId === locationId);
  }

  /** A calendar and the location owning it. */
  calendar(calendarId: string): { location: SandboxLocation; calendar: SandboxCalendar } | undefined {
    for (const location of this.state.locations) {
      const calendar = location.calendars.find((c) => c.id === calendarId);
      if (calendar) return { location, calendar };
    }
    return undefined;
  }

  appointment(id: string): SandboxAppointment | undefined {
    return this.state.appointments.find((a) => a.id === id);
  }

  addAppointment(appointment: Omit<SandboxAppointment, 'id'>): SandboxAppointment {
    const created = { id: ghlId(), ...appointment };
    this.state.appointments.push(created);
    this.commit();
    return created;
  }

  updateAppointment(
    id: string,
    patch: Partial<Omit<SandboxAppointment, 'id'>>,
  ): SandboxAppointment | undefined {
    const current = this.appointment(id);
    if (!current) return undefined;
    Object.assign(current, patch, { dateUpdated: new Date().toISOString() });
    this.commit();
    return current;
  }

  removeAppointment(id: string): SandboxAppointment | undefined {
    const found = this.appointment(id);
    if (!found) return undefined;
    this.state.appointments = this.state.appointments.filter((a) => a.id !== id);
    this.commit();
    return found;
  }

  addMessage(message: Omit<SandboxMessage, 'messageId' | 'conversationId' | 'dateAdded'>): SandboxMessage {
    let conversationId = this.state.conversations[message.contactId];
    if (!conversationId) {
      conversationId = ghlId();
      this.state.conversations[message.contactId] = conversationId;
    }
    const sent: SandboxMessage = {
      ...message,
      messageId: ghlId(),
      conversationId,
      dateAdded: new Date().toISOString(),
    };
    this.state.messages.push(sent);
    this.commit();
    return sent;
  }

  /** Forgets everything: locations, appointments, messages. */
  reset(): void {
    this.state = emptyState();
    this.commit();
  }

  private commit(): void {
    if (!this.stateFile) return;
    mkdirSync(dirname(this.stateFile), { recursive: true });
    // Write-then-rename so a crash mid-write never leaves a truncated state file behind.
    const tmp = `${this.stateFile}.${process.pid}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(this.state, null, 2)}\n`);
    renameSync(tmp, this.stateFile);
  }
}

function loadState(file: string): SandboxState {
  if (!existsSync(file)) return emptyState();
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    // Refuse rather than silently start empty: that would drop the dev run's bookings.
    throw new Error(`GHL sandbox state file ${file} is not valid JSON: ${(err as Error).message}`);
  }
  const state = parsed as Partial<SandboxState>;
  if (state.version !== 1 || !Array.isArray(state.locations) || !Array.isArray(state.appointments)) {
    throw new Error(`GHL sandbox state file ${file} has an unknown format`);
  }
  return {
    version: 1,
    locations: state.locations,
    appointments: state.appointments,
    messages: Array.isArray(state.messages) ? state.messages : [],
    conversations: state.conversations ?? {},
  };
}

const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** GHL ids are 20 alphanumeric characters. */
export function ghlId(): string {
  return [...randomBytes(20)].map((b) => ID_ALPHABET[b % ID_ALPHABET.length]).join('');
}
