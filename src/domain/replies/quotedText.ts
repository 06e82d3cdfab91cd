/**
 * Separates the lead's own words from what their mail client quoted or forwarded under them (our
 * offer, usually). The quoted slots are not the lead's words: "no" above a quoted list of times is a
 * decline, not a pick. Quoted text is kept only for the evidence.
 */
export interface SplitReply {
  own: string;
  quoted: string;
}

/** A line that starts the quoted or forwarded part; everything from it on is not the lead's. */
const QUOTE_HEADER = [
  /^\s*on\b.{0,200}\bwrote:?\s*$/i,
  /^\s*el\b.{0,200}\bescribi[oó]:?\s*$/i,
  /^\s*le\b.{0,200}\ba écrit\s*:?\s*$/i,
  /^\s*-{2,}\s*(?:original message|mensaje original)\s*-{2,}\s*$/i,
  /^\s*-{2,}\s*(?:forwarded message|mensaje reenviado)\s*-{2,}\s*$/i,
  /^\s*(?:begin forwarded message|inicio del mensaje reenviado)\s*:?\s*$/i,
  /^\s*_{8,}\s*$/,
  /^\s*(?:from|de):\s.+$/i,
];

/** "On Mon, Mar 2, 2026 at 9:14 AM Alex <a@b.c>" with "wrote:" wrapped onto the next line. */
const WRAPPED_ON_WROTE = /^\s*(?:on|el)\b.{0,200}$/i;
const WROTE_ALONE = /^\s*(?:wrote|escribi[oó]):?\s*$/i;

/** Phone and mail-app signatures that are not part of the answer. */
const SIGNATURE =
  /^\s*(?:sent from my \S+.*|enviado desde mi \S+.*|get outlook for \S+.*|obtener outlook para \S+.*)$/i;

export function splitQuotedText(raw: string): SplitReply {
  const lines = raw.split(/\r?\n/);
  const own: string[] = [];
  const quoted: string[] = [];
  let inQuote = false;
  lines.forEach((line, i) => {
    const next = lines[i + 1] ?? '';
    const header =
      QUOTE_HEADER.some((pattern) => pattern.test(line)) ||
      (WRAPPED_ON_WROTE.test(line) && WROTE_ALONE.test(next) && /\d/.test(line));
    // "From:" only opens a quote when mail headers follow it, not in "From: Dave" as a sign-off.
    const isFromLine = /^\s*(?:from|de):/i.test(line);
    const fromOpensQuote =
      isFromLine && /^\s*(?:sent|date|to|subject|enviado|fecha|para|asunto):/i.test(next);
    if (header && (!isFromLine || fromOpensQuote)) inQuote = true;
    if (inQuote || /^\s*>/.test(line)) quoted.push(line);
    else if (!SIGNATURE.test(line)) own.push(line);
  });
  return { own: own.join('\n').trim(), quoted: quoted.join('\n').trim() };
}
