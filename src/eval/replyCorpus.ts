import { readFileSync } from 'node:fs';
import { DateTime } from 'luxon';
import { z } from 'zod';

const isoInstant = z
  .string()
  .refine((s) => DateTime.fromISO(s, { setZone: true }).isValid, 'not an ISO-8601 instant');
const ianaZone = z.string().refine((s) => DateTime.now().setZone(s).isValid, 'not an IANA time zone');

const expectedOutcome = z.discriminatedUnion('outcome', [
  z.object({ outcome: z.literal('accept'), slotIndex: z.number().int().nonnegative() }),
  z.object({ outcome: z.literal('counter_proposal') }),
  z.object({ outcome: z.literal('decline') }),
  z.object({ outcome: z.literal('question') }),
  z.object({ outcome: z.literal('unclear') }),
]);

const corpusCase = z
  .object({
    id: z.string().min(1),
    reply: z.string(),
    offeredSlots: z.array(isoInstant),
    leadTimeZone: ianaZone,
    receivedAt: isoInstant,
    expected: expectedOutcome,
  })
  .refine((c) => c.expected.outcome !== 'accept' || c.expected.slotIndex < c.offeredSlots.length, {
    message: 'expected.slotIndex is outside offeredSlots',
    path: ['expected', 'slotIndex'],
  });

export const replyCorpusSchema = z.object({ cases: z.array(corpusCase).min(1) });

export type ReplyCorpus = z.infer<typeof replyCorpusSchema>;
export type ReplyCorpusCase = ReplyCorpus['cases'][number];

export class CorpusError extends Error {}

/** Reads and validates a corpus file; every problem is reported with its JSON path. */
export function loadReplyCorpus(path: string): ReplyCorpus {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new CorpusError(`cannot read corpus ${path}: ${(error as Error).message}`);
  }
  const parsed = replyCorpusSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `  - ${issue.path.join('.') || '(root)'}: ${issue.message}`,
    );
    throw new CorpusError(`invalid corpus ${path}:\n${problems.join('\n')}`);
  }
  const ids = new Set<string>();
  for (const c of parsed.data.cases) {
    if (ids.has(c.id)) throw new CorpusError(`invalid corpus ${path}: duplicate case id "${c.id}"`);
    ids.add(c.id);
  }
  return parsed.data;
}
