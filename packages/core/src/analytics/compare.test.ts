import { describe, expect, it } from 'vitest';
import { changePercent, percentOf } from './compare.js';

describe('comparison ratios', () => {
  it('gives exact percentages rounded half up, null without a base', () => {
    expect(percentOf('900.25', '1000.50')).toBe('90.0');
    expect(percentOf('1', '3', 2)).toBe('33.33');
    expect(percentOf('2', '3', 2)).toBe('66.67');
    expect(percentOf('5', '0')).toBeNull();
    expect(percentOf(null, '5')).toBeNull();
    expect(percentOf('0.1', '0.3', 3)).toBe('33.333');
  });
  it('measures change against a negative base by its size', () => {
    expect(changePercent('110', '100')).toBe('10.0');
    expect(changePercent('90', '100')).toBe('-10.0');
    expect(changePercent('-50', '-100')).toBe('50.0');
    expect(changePercent('1', undefined)).toBeNull();
  });
});
