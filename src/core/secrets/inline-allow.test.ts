import { describe, expect, it } from 'vitest';
import { inlineAllows } from './inline-allow.js';

describe('inlineAllows', () => {
  it('allows every rule with a bare marker', () => {
    expect(inlineAllows('token = "ghp_x"  # vigil:allow', 'github-classic-pat')).toBe(true);
  });

  it('allows with free text after the marker', () => {
    expect(inlineAllows('key: AKIA...  // vigil:allow test fixture', 'aws-access-key-id')).toBe(true);
  });

  it('allows only the listed rules with vigil:allow=', () => {
    const line = 'x = 1 /* vigil:allow=aws-access-key-id,generic-password */';
    expect(inlineAllows(line, 'generic-password')).toBe(true);
    expect(inlineAllows(line, 'aws-access-key-id')).toBe(true);
    expect(inlineAllows(line, 'github-classic-pat')).toBe(false);
  });

  it('does not allow without the marker', () => {
    expect(inlineAllows('password = "hunter2"  # allow', 'generic-password')).toBe(false);
  });

  it('does not take a longer word for the marker', () => {
    expect(inlineAllows('# vigil:allowed values below', 'generic-password')).toBe(false);
    expect(inlineAllows('# vigil:allow_list', 'generic-password')).toBe(false);
  });

  it('is case-sensitive', () => {
    expect(inlineAllows('# VIGIL:ALLOW', 'generic-password')).toBe(false);
  });

  it('reads every marker on the line', () => {
    expect(inlineAllows('# vigil:allowed, then vigil:allow=generic-password', 'generic-password')).toBe(true);
  });

  it('does not match a rule id by its prefix', () => {
    expect(inlineAllows('# vigil:allow=aws-access-key', 'aws-access-key-id')).toBe(false);
  });
});
