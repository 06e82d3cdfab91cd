import { englishWord } from './wordLists';
import type { Lexicon } from './types';

/** English as leads write it in SMS and email: US, UK, Australian and Indian phrasing. */
export const en: Lexicon = {
  language: 'en',
  markers: [],
  shorthand: {
    tues: 'tuesday',
    tue: 'tuesday',
    weds: 'wednesday',
    wednes: 'wednesday',
    thurs: 'thursday',
    thur: 'thursday',
    thu: 'thursday',
    thrs: 'thursday',
    mon: 'monday',
    fri: 'friday',
    tmrw: 'tomorrow',
    tmr: 'tomorrow',
    tmw: 'tomorrow',
    tmrow: 'tomorrow',
    tomo: 'tomorrow',
    '2moro': 'tomorrow',
    '2morrow': 'tomorrow',
    tonite: 'tonight',
  },
  ambiguousShorthand: {
    // "sat down with the team", "wed like to": everyday words first, days only where nothing says otherwise.
    sat: {
      expandsTo: 'saturday',
      notBefore: ['down', 'in', 'on', 'with', 'through', 'there', 'here', 'by', 'around', 'up', 'back', 'out', 'at', 'and', 'for', 'next', 'all', 'the', 'my', 'our'],
    },
    wed: {
      expandsTo: 'wednesday',
      notBefore: ['like', 'love', 'be', 'need', 'have', 'want', 'prefer', 'rather', 'better', 'been', 'go', 'do', 'get', 'appreciate', 'probably', 'still', 'also', 'just', 'really', 'definitely', 'never', 'only'],
    },
  },
  dateWords: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'tomorrow', 'morning', 'afternoon', 'evening'],
  isWord: englishWord,
  falseNegations: ['no problem', 'no prob', 'no worries', 'no doubt', 'not a problem'],
  affirmation: [
    'works?', 'working', 'good', 'fine', 'great', 'perfect', 'ok', 'okay', 'k', 'yes', 'yep', 'yeah', 'yup', 'ya', 'sure',
    'sounds good', "let'?s do", "let'?s go", 'book (?:it|me)', "i'?ll take", 'take it', 'go with', "i'?m in", 'see you',
    'confirm(?:ed)?', 'done', 'deal', 'absolutely', 'definitely', 'please', 'pls', 'plz', 'thanks?', 'cheers', 'it is', 'is the one', 'suits',
  ],
  declineWhole: ['(?:no|nope|nah)(?:[\\s,.!]+(?:sorry|thanks|thank you))*[\\s.!]*'],
  decline: [
    'none of (?:these|those|them|the|your)', 'none (?:work|of them|suit)', 'neither', 'no thanks', 'no thank you', 'no,? thanks',
    'not interested', 'no longer interested', 'unsubscribe', 'stop', 'remove me', 'take me off', "don'?t (?:contact|text|message)",
    'do not (?:contact|text)', "i'?ll pass", "we'?ll pass", '(?:going|have|got) to pass', 'gonna pass', 'pass on this', 'not a (?:good )?fit',
    "can'?t (?:make|do) any", 'cannot (?:make|do) any', 'not able to make any', 'went with (?:someone|another|a different|a competitor|the)',
    'not right now', 'not at (?:this|the) (?:time|moment)', 'not (?:currently )?looking', 'not in the market', 'no longer need',
    'wrong (?:number|person|contact|guy|lady)',
    // Polite declines without "no": the deal is lost or parked.
    '(?:signed|gone|going|went|sticking|staying) with (?:someone|somebody|another|a different|a competitor|the incumbent|our current|an? other)',
    'chose (?:another|a different|someone|somebody)', 'chosen (?:another|a different)', 'decided (?:to go )?(?:a different|another) (?:direction|way|route)',
    'finali[sz]ed (?:another|a different|with)', 'already (?:signed|chose|picked|selected|have a|use|work with)',
    'not a (?:priority|focus)', 'not (?:something|an area) (?:we\'?re|we are) (?:focused|focusing|looking)', 'not in a position to',
    'not required', 'not needed', 'no need', 'on hold', 'pausing (?:all|this|new)', 'put (?:this|it|things) on (?:hold|ice|pause)',
    "(?:we'?re|i'?m|we are|i am) all set", 'no budget', 'budget (?:got |was |has been )?(?:cut|frozen)',
  ],
  refusal: [
    "(?:doesn'?t|does not|don'?t|do not|won'?t|will not) work", "can'?t (?:make|do) (?:it|that|those|these|them)",
    'cannot (?:make|do) (?:it|that|those|these|them)', 'not available', 'unavailable', 'not that one',
  ],
  hedge: [
    'maybe', 'might', 'could (?:work|do|be|maybe)', 'possibly', 'perhaps', 'not sure', 'unsure', 'tentative(?:ly)?', 'probably',
    'i think', 'i guess', 'i suppose', 'should (?:work|be (?:ok|okay|fine))', 'in theory',
  ],
  deferral: [
    'let me (?:check|double check|confirm|see|ask)', "i'?ll (?:check|confirm|double check)", '(?:need|have) to (?:check|confirm|double check|ask)',
    "i'?ll let you know", 'let you know', 'get back to you', 'confirm (?:with|later|tomorrow)',
  ],
  condition: ['if', 'unless', 'assuming', 'provided', 'as long as', 'so long as', 'depend(?:s|ing)? on'],
  benignCondition: [
    "as long as (?:it'?s|it is|we keep it|we can keep it) (?:no (?:more|longer) than|under|less than|short|quick|brief)[^.!?]*",
    '(?:let me know|lmk|tell me|ask me|no worries|no problem|happy to (?:move|change|reschedule)) if\\b[^.!?]*',
    "if (?:(?:that|this|it)(?:'s| is| still)? ?(?:works?|ok|okay|fine|good|suits|convenient|possible|available|open|free|still (?:open|available|free))|possible|you (?:can|could|are|'re|want|prefer|like|don'?t mind)|you'?re (?:free|available|ok|okay)|that'?s (?:ok|okay|fine|alright|all right|cool|good)|needed|so|not)",
  ],
  correction: ['no wait', 'wait no', 'wait,? no', 'wait,? actually', 'actually', 'scratch that', 'i mean', 'i meant', 'sorry,? i meant', 'correction', 'on second thought'],
  addition: ['too', 'also', 'as well', 'either', 'or', 'both'],
  proposalLeadIn: ['how about', 'what about', 'any chance of', 'could we do', 'can we do', 'could you do', 'can you do'],
  questionWord: ['what', 'which', 'where', 'who', 'why', 'how', 'when', 'is', 'are', 'do', 'does', 'did', 'can', 'could', 'will', 'would', 'should'],
  questionFiller: ['sorry', 'hi', 'hey', 'hello', 'ok', 'okay', 'um', 'uh', 'also', 'and', 'but', 'so', 'quick question', 'thanks', 'great', 'cool'],
  zoneQuestion: [
    'time ?zone', 'tz', 'your time', 'my time', 'local time', 'eastern', 'pacific', 'central', 'mountain', 'est', 'edt', 'pst', 'pdt', 'cst',
    'cdt', 'mst', 'mdt', 'gmt', 'utc', 'ist', 'cet', 'cest', 'bst', 'aest', 'aedt', 'clocks? (?:change|go|goes|going|spring|fall)',
    'time change', 'daylight saving', 'dst', '(?:sydney|melbourne|london|uk|india|madrid|new york|ny|denver|chicago|la|us|east coast|west coast) time',
  ],
  beforeBooking: ['before (?:we |i )?(?:lock|locking|book|booking|fix|fixing|schedul|confirm|commit|set|setting|pick|picking)', 'before we fix a time'],
  clauseBreak: ['but', 'however', 'though', 'although', 'instead', 'otherwise', 'so', 'and then', 'because', 'since'],
  negationBefore: [
    'not', 'no', 'never', 'neither', 'nor', 'except', 'besides', 'other than', "can'?t", 'cannot', 'can not', "couldn'?t", "won'?t be able",
    'unable', 'busy', 'away', 'traveling', 'travelling',
  ],
  negationAfter: [
    "(?:(?:doesn'?t|does not|don'?t|do not|won'?t|will not|isn'?t|is not|not|ain'?t) (?:really )?(?:work|be|good|great|possible|ideal|available|gonna|going|do|suit|fit|for me|ok|okay|an option))",
    "can'?t", 'cannot', 'no good', 'bad', 'busy', 'booked', 'taken', 'impossible', 'tough', 'rough', 'out', 'nope', 'not possible',
    // Unavailability told as a reason: "tuesday I'm in court", "wednesday I have a dentist appt".
    "(?:i'?m|i am|we'?re|we are) (?:in|on|at|out|off|away|travel+ing|flying|busy|booked|stuck|tied up|in court|on site|onsite)",
    '(?:i|we) (?:have|got|\'ve got) (?:a|an|the|my|our|two|back)', 'is a (?:holiday|bank holiday)', 'clash(?:es)?', 'conflicts?', 'is out',
  ],
  theOthers: ['the other (?:two|three|ones?|slots?|times?|options?)', 'the rest', 'the others', 'both others'],
  allBut: ['anything but', 'any day but', 'any time but', 'anytime but', 'everything but', 'all but', 'any but'],
  ordinals: { first: 1, '1st': 1, second: 2, '2nd': 2, third: 3, '3rd': 3, fourth: 4, '4th': 4, fifth: 5, '5th': 5 },
  lastWords: ['last', 'final', 'latter'],
  numberWords: { one: 1, two: 2, three: 3, four: 4, five: 5 },
  optionNouns: ['one', 'option', 'opt', 'slot', 'time', 'choice'],
  anyOption: ['either', 'any of (?:them|those|these|the times)', 'both', 'any (?:works|is fine|time works)', 'whichever', 'all (?:work|of them work)', 'both (?:are )?fine'],
  looseAlternative: ['or', 'and'],
  dayParts: {
    morning: ['mornings?', 'first thing'],
    // "arvo" is Australian/NZ for afternoon.
    afternoon: ['afternoons?', 'arvos?', 'after lunch'],
    evening: ['evenings?', 'tonight', 'nights?'],
  },
  dayPartPointer: [
    'the (?:one|slot|time|option) (?:in|on) the (?:morning|afternoon|evening|arvo)',
    'the (?:morning|afternoon|evening|arvo) (?:one|slot|time|option)',
  ],
  confirmYes: [
    'yes', 'yep', 'yeah', 'yup', 'ya', 'yea', 'y', 'sure', 'ok', 'okay', 'k', 'confirm(?:ed)?', 'book it', 'book me in', 'go ahead',
    'sounds good', 'perfect', 'correct', "that'?s right", 'absolutely', 'definitely', 'please do', 'do it', 'works', 'that works',
  ],
  confirmNo: ['no', 'nope', 'nah', 'n', 'cancel', 'not that one', "don'?t", 'do not', 'wrong', 'stop', 'no thanks', 'not anymore'],
};
