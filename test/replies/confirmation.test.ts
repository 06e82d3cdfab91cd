import { describe, expect, it } from 'vitest';
import { isConfirmation } from '../../src/domain/replies/confirmation';

describe('isConfirmation', () => {
  it.each([
    'yes',
    'YES',
    'Yes please',
    'yep!',
    'confirm',
    'Confirmed',
    'book it',
    '👍',
    'ok 👍',
    'sí',
    'Sí, gracias',
    'si',
    'dale',
    'claro',
  ])('%s → yes', (text) => expect(isConfirmation(text)).toBe('yes'));

  it.each(['no', 'Nope', 'cancel', 'not that one', 'No, gracias', 'no thanks', '👎', 'cancelar'])(
    '%s → no',
    (text) => expect(isConfirmation(text)).toBe('no'),
  );

  it.each([
    'maybe',
    'yes but can we do 4pm?',
    'yes no',
    'what time was it?',
    'Thursday instead',
    '',
    '👍👎',
    'yes?',
  ])('%s → unclear', (text) => expect(isConfirmation(text)).toBe('unclear'));

  it('reads only the lead line above a quoted confirmation request', () => {
    const quoted =
      'yes\n\nOn Mon, Mar 2, 2026 at 9:14 AM Alex <a@b.c> wrote:\n> Just to confirm: Tuesday at 3? Reply YES to book it.';
    expect(isConfirmation(quoted)).toBe('yes');
    expect(isConfirmation('no\n> Reply YES to book it')).toBe('no');
  });

  it('narrows the words to one language when asked', () => {
    expect(isConfirmation('sí', 'es')).toBe('yes');
    expect(isConfirmation('sí', 'en')).toBe('unclear');
    expect(isConfirmation('yes', 'en')).toBe('yes');
  });
});
