import { describe, expect, it } from 'vitest';
import { shannonEntropy } from './entropy.js';

describe('shannonEntropy', () => {
  it('is 0 for an empty string', () => {
    expect(shannonEntropy('')).toBe(0);
  });

  it('is 0 for one repeated character', () => {
    expect(shannonEntropy('aaaaaaaa')).toBe(0);
  });

  it('is log2(n) for n distinct characters used equally', () => {
    expect(shannonEntropy('ab')).toBeCloseTo(1, 10);
    expect(shannonEntropy('abcd')).toBeCloseTo(2, 10);
    expect(shannonEntropy('0123456789abcdef')).toBeCloseTo(4, 10);
  });

  it('weighs characters by frequency', () => {
    // p = 3/4 and 1/4: -(0.75 log2 0.75 + 0.25 log2 0.25)
    expect(shannonEntropy('aaab')).toBeCloseTo(0.8112781244591328, 10);
  });

  it('counts code points, not UTF-16 units', () => {
    expect(shannonEntropy('🔑🔑')).toBe(0);
    expect(shannonEntropy('🔑a')).toBeCloseTo(1, 10);
  });

  it('puts random keys well above words', () => {
    expect(shannonEntropy('R8mKq2Zt7vXbN4cLw9sJd3Fy6HpT1gAe5WuQ')).toBeGreaterThan(4.5);
    expect(shannonEntropy('password')).toBeLessThan(3);
  });
});
