/**
 * Small keyword lists for intent that is not a date: agreeing, declining, hedging, asking.
 * Patterns run on the normalized (lower-case) reply. English and Spanish side by side.
 */

/** Phrases that contain "no"/"not" but are not a negation ("no problem, tuesday works"). */
export const FALSE_NEGATIONS =
  /\b(?:no problem|no prob|no worries|no doubt|not a problem|no hay problema|sin problema)\b/g;

export const AFFIRMATION =
  /\b(?:works?|working|good|fine|great|perfect|ok|okay|k|yes|yep|yeah|yup|ya|sure|sounds good|let'?s do|let'?s go|book (?:it|me)|i'?ll take|take it|go with|i'?m in|see you|confirm(?:ed)?|done|deal|absolutely|definitely|please|pls|plz|thanks?|s[ií]|me sirve|me va|me queda|perfecto|vale|dale|bien|listo|de acuerdo|claro|confirmo|genial|funciona|me funciona)\b|👍|✅|👌/;

export const DECLINE =
  /^(?:no|nope|nah)(?:[\s,.!]+(?:sorry|thanks|thank you|gracias|lo siento))*[\s.!]*$|\b(?:none of (?:these|those|them|the|your)|none (?:work|of them)|neither|no thanks|no thank you|no,? thanks|not interested|no longer interested|unsubscribe|stop|remove me|take me off|don'?t (?:contact|text|message)|do not (?:contact|text)|i'?ll pass|we'?ll pass|pass on this|not a (?:good )?fit|can'?t (?:make|do) any|cannot (?:make|do) any|not able to make any|went with (?:someone|another)|not right now|not at (?:this|the) (?:time|moment)|not (?:currently )?looking|not in the market|no longer need|wrong (?:number|person|contact|guy|lady)|n[uú]mero equivocado|por ahora no|no por ahora|ningun[oa]?|ningún|no,? gracias|no me interesa|no estoy interesad[oa]|ya no)\b/;

/** "that doesn't work" / "no puedo" with no date in the reply: a decline of what was offered. */
export const GENERIC_REFUSAL =
  /\b(?:(?:doesn'?t|does not|don'?t|do not|won'?t|will not) work|can'?t (?:make|do) (?:it|that|those|these|them)|cannot (?:make|do) (?:it|that|those|these|them)|not available|unavailable|no puedo|no me (?:sirve|sirven|funciona|funcionan|queda|quedan))\b/;

export const HEDGE =
  /\b(?:maybe|might|could (?:work|do|be|maybe)|possibly|perhaps|not sure|unsure|let me check|i'?ll check|need to check|have to check|i'?ll let you know|let you know|get back to you|tentative(?:ly)?|probably|i think so|tal vez|quiz[aá]s|a lo mejor|no s[eé]|no estoy segur[oa]|d[eé]jame (?:ver|revisar)|te aviso)\b/;

/**
 * A condition the lead still has to resolve ("if my flight lands", "unless something comes up",
 * "as long as it's short"): the slot is not committed. Conditions on our side ("if that works for
 * you", "if it's still open", "if possible") are politeness and are removed first by BENIGN_CONDITION.
 */
export const CONDITION =
  /\b(?:if|unless|assuming|provided|as long as|so long as|depend(?:s|ing)? on|siempre (?:y cuando|que)|a menos que|en caso de que|depende de)\b/;

export const BENIGN_CONDITION =
  /\b(?:let me know|lmk|tell me|ask me|no worries|no problem|happy to (?:move|change|reschedule)) if\b[^.!?]*|\bif (?:(?:that|this|it)(?:'s| is| still)? ?(?:works?|ok|okay|fine|good|suits|convenient|possible|available|open|free|still (?:open|available|free))|possible|you (?:can|could|are|'re|want|prefer|like|don'?t mind)|you'?re (?:free|available|ok|okay)|that'?s (?:ok|okay|fine|alright|all right|cool|good)|needed|so|not)\b/g;

/** "wed 4 - no wait, tues 11": what follows a self-correction replaces what came before it. */
export const CORRECTION =
  /\b(?:no wait|wait no|wait,? actually|actually|scratch that|i mean|i meant|sorry,? i meant|correction|on second thought|mejor dicho|quise decir)\b/g;

/** "tuesday works, actually thursday too": an addition, not a correction. */
export const ADDITION = /\b(?:too|also|as well|either|or|both|tambi[eé]n|o)\b/;

/** "how about / what about" introduce a proposal, not a question about something else. */
export const PROPOSAL_LEAD_IN = /\b(?:how about|what about|qu[eé] tal|y si)\b/g;

export const QUESTION_WORD =
  /^(?:(?:sorry|hi|hey|hello|ok|okay|um|uh|also|and|but|so|quick question|hola|perdón|perdon|disculpa|oye)[\s,:]+)?(?:what|which|where|who|why|how|when|is|are|do|does|did|can|could|will|would|should|qu[eé]|cu[aá]l|d[oó]nde|c[oó]mo|cu[aá]ndo|qui[eé]n|puedo|hay)\b/;

/** A question about time zones is about the offered slot itself, so it is not yet an answer. */
export const ZONE_QUESTION =
  /\b(?:time ?zone|tz|your time|my time|local time|eastern|pacific|central|mountain|est|edt|pst|pdt|cst|cdt|mst|mdt|gmt|utc|ist|cet|cest|bst|aest|zona horaria|hora de (?:m[eé]xico|espa[ñn]a|colombia|ustedes|usted|ac[aá]))\b/;

/** Words a reply uses to point at one of the offered options rather than a date. */
export const ORDINAL_WORDS: Record<string, number> = {
  first: 1,
  '1st': 1,
  second: 2,
  '2nd': 2,
  third: 3,
  '3rd': 3,
  fourth: 4,
  '4th': 4,
  fifth: 5,
  '5th': 5,
  primera: 1,
  primer: 1,
  primero: 1,
  segunda: 2,
  segundo: 2,
  tercera: 3,
  tercero: 3,
  tercer: 3,
  cuarta: 4,
  cuarto: 4,
  quinta: 5,
  quinto: 5,
};

export const LAST_WORDS = /^(?:last|final|latter|última|ultima|último|ultimo)$/;

/** "tuesday at 9 or 2": an alternative chrono did not read as a date still means two choices. */
export const LOOSE_ALTERNATIVE = /\b(?:or|o|and|y)\s+(?:at\s+|a las\s+)?\d{1,2}(?::\d{2})?\b/;
