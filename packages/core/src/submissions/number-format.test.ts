import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatViNumber, parseViNumber } from './number-format.js';

describe('Vietnamese numbers', () => {
  it.each([
    ['1.234.567,89', '1234567.89'],
    ['1234567,89', '1234567.89'],
    ['1,5', '1.5'],
    ['1.5', '1.5'],
    ['0.25', '0.25'],
    ['1.234', '1234'],
    ['12.345.678', '12345678'],
    ['1,234,567.89', '1234567.89'],
    ['1,234,567', '1234567'],
    ['-1.234,5', '-1234.5'],
    ['(1.234)', '-1234'],
    ['+12', '12'],
    ['1 234 567', '1234567'],
    ['1\u00a0234,5', '1234.5'],
    ['86,7%', '86.7'],
    ['007', '7'],
    ['-0', '0'],
    ['', ''],
  ])('reads %j as %j', (input, canonical) => {
    expect(parseViNumber(input)).toEqual({ ok: true, canonical });
  });

  it.each(['abc', '1.2.3', '1,2,3', '1,23,4', '12a', '1..2', '1,5,', '--1', '1.234,5,6', '1,234.5.6'])('refuses %j with a Vietnamese message', (input) => {
    const r = parseViNumber(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toContain('không phải số');
  });

  it('formats the Vietnamese way', () => {
    expect(formatViNumber('1234567.89')).toBe('1.234.567,89');
    expect(formatViNumber('-1234')).toBe('-1.234');
    expect(formatViNumber('999')).toBe('999');
    expect(formatViNumber('0.5')).toBe('0,5');
    expect(formatViNumber(null)).toBe('');
  });

  it('reads back what it shows, for any decimal', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 18n), max: 10n ** 18n }), fc.nat({ max: 9999 }), fc.boolean(), (int, frac, withFrac) => {
        const canonical = withFrac && frac > 0 ? `${int < 0n ? '-' : ''}${(int < 0n ? -int : int).toString()}.${frac.toString().padStart(4, '0').replace(/0+$/, '')}` : int.toString();
        expect(parseViNumber(formatViNumber(canonical))).toEqual({ ok: true, canonical });
      }),
    );
  });
});
