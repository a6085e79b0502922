import { describe, expect, it } from 'vitest';
import { REDACT_MARK, redact } from './redact.js';

/** Characters of `secret` that `redact` shows (everything but the mark). */
function shown(secret: string): number {
  return Array.from(redact(secret).replace(REDACT_MARK, '')).length;
}

describe('redact', () => {
  it('shows four characters at each end of a long secret', () => {
    expect(redact('ghp_R8mKq2Zt7vXbN4cLw9sJd3Fy6HpT1gAe5WuQ')).toBe('ghp_…5WuQ');
  });

  it('shows no more than a third of a 20-character key, prefix first', () => {
    expect(redact('AKIAQYLPMN5HHHFPZAM2')).toBe('AKIA…M2');
  });

  it('shows less of short secrets', () => {
    expect(redact('hunter22')).toBe('hu…');
    expect(redact('abcdef')).toBe('ab…');
    expect(redact('abc')).toBe('a…');
  });

  it('shows nothing of a secret shorter than three characters', () => {
    expect(redact('ab')).toBe('…');
    expect(redact('')).toBe('…');
  });

  it('never shows more than a third of any secret', () => {
    for (let length = 0; length <= 200; length += 1) {
      const secret = 'x'.repeat(length);
      expect(shown(secret) * 3, `length ${length}`).toBeLessThanOrEqual(length);
      expect(shown(secret), `length ${length}`).toBeLessThanOrEqual(8);
    }
  });

  it('never cuts a character in half', () => {
    expect(redact('🔑🔑🔑🔑🔑🔑🔑🔑🔑🔑🔑🔑')).toBe('🔑🔑🔑🔑…');
  });

  it('keeps a multi-line secret on one line', () => {
    const redacted = redact('-----BEGIN\nRSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA\n');
    expect(redacted).not.toMatch(/[\r\n]/);
  });
});

describe('redact, PEM blocks', () => {
  it('shows the armour line of a PEM key, never its body', () => {
    const body = 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7';
    const shown = redact(`-----BEGIN PRIVATE KEY-----\n${body}\n-----END PRIVATE KEY-----`);
    expect(shown).toBe('-----BEGIN PRIVATE KEY-----…');
    expect(shown).not.toContain(body.slice(0, 6));
  });
});
