import { z } from 'zod';
import { SecretToken } from '../lib/safeText';
import { PROVIDER_NAMES } from '../providers/names';
import { providerModules } from '../providers/registry';
import { emailListSchema, emailSchema, timezoneSchema } from './normalize';

/** Request bodies of the workspace endpoints (strict: unknown fields are refused, never ignored). */

const id = (max: number) =>
  z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);

export const bookingProviderSchema = z.enum(PROVIDER_NAMES);

export const createWorkspaceSchema = z.strictObject({
  name: id(200),
  ghlLocationId: id(100),
  /** GHL private integration token; encrypted at rest, never returned. */
  ghlAccessToken: SecretToken.optional(),
  ghlCalendarId: id(200).optional(),
  meetingBookingProvider: bookingProviderSchema.default('ghl'),
  timezone: timezoneSchema.optional(),
  setterEmails: emailListSchema.default([]),
  inboxManagerEmails: emailListSchema.default([]),
  /** Legacy single inbox manager; merged into `inboxManagerEmails`. */
  inboxManagerEmail: emailSchema.optional(),
});
export type CreateWorkspaceInput = z.infer<typeof createWorkspaceSchema>;

export const replaceMembersSchema = z
  .strictObject({
    setterEmails: emailListSchema,
    inboxManagerEmails: emailListSchema.optional(),
    inboxManagerEmail: emailSchema.optional(),
  })
  .superRefine((v, ctx) => {
    // Both lists are stated explicitly so an omitted field never wipes an access list by accident.
    if (v.inboxManagerEmails === undefined && v.inboxManagerEmail === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['inboxManagerEmails'],
        message: 'required (may be an empty list)',
      });
  });
export type ReplaceMembersInput = z.infer<typeof replaceMembersSchema>;

function connectionSettingFields(): z.ZodRawShape {
  return Object.assign({}, ...providerModules().map((m) => m.connect?.settings?.patchFields ?? {}));
}

export const REMINDER_OFFSET_MAX_MINUTES = 43_200; // 30 days

export const settingsPatchSchema = z
  .strictObject({
    meetingBookingProvider: bookingProviderSchema.optional(),
    slotsToOffer: z
      .number()
      .int('must be an integer')
      .min(1, 'must be at least 1')
      .max(10, 'must be at most 10')
      .optional(),
    offerExpiryHours: z
      .number()
      .gt(0, 'must be greater than 0')
      .max(720, 'must be at most 720 (30 days)')
      .optional(),
    reminderOffsetsMinutes: z
      .array(
        z
          .number()
          .int('must be an integer')
          .positive('must be a positive number of minutes')
          .max(
            REMINDER_OFFSET_MAX_MINUTES,
            `must be at most ${REMINDER_OFFSET_MAX_MINUTES} minutes (30 days)`,
          ),
      )
      .max(10, 'at most 10 reminders')
      // Deduplicated; earliest reminder (largest offset) first.
      .transform((offsets) => [...new Set(offsets)].sort((a, b) => b - a))
      .optional(),
    timezone: timezoneSchema.optional(),
    /** `null` clears it. */
    ghlCalendarId: id(200).nullable().optional(),
    meetingDurationMinutes: z
      .number()
      .int('must be an integer')
      .min(5, 'must be at least 5')
      .max(480, 'must be at most 480 (8 hours)')
      .optional(),
    /** Ask the lead "Just to confirm: ...?" before booking a pick the interpreter has a doubt about. */
    confirmUncertainPicks: z.boolean().optional(),
    // Connection settings the providers declare (calendlyEventTypeUri): changed without reconnecting.
    ...connectionSettingFields(),
  })
  .refine((v) => Object.values(v).some((x) => x !== undefined), {
    message: 'give at least one setting to change',
  });
export type SettingsPatch = z.infer<typeof settingsPatchSchema>;

/** `Idempotency-Key` header: 1-255 visible ASCII characters. */
export const idempotencyKeySchema = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(255, 'must be at most 255 characters')
  .regex(/^[\x21-\x7e]+$/, 'must be visible ASCII characters only');
