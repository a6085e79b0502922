/**
 * The only form in which Vigil shows a secret to people: a few characters from each end,
 * enough to recognise which key it is, never enough to use or guess it.
 */

/** The most characters shown from each end of a secret. */
export const REDACT_EDGE = 4;

/** What stands for the hidden middle. */
export const REDACT_MARK = '…';

/**
 * Redacts `secret` to at most {@link REDACT_EDGE} leading and trailing characters, and never more
 * than a third of it in all: a 40-character token shows 4 + 4, a 20-character key 4 + 2, an
 * 8-character password 2 + 0, and anything shorter than 3 characters nothing at all. The
 * leading side is filled first because a prefix (`AKIA`, `ghp_`) says what kind of secret it is.
 * Counts Unicode code points, so a character is never cut in half.
 *
 * @example redact('AKIAQYLPMN5HHHFPZAM2') // 'AKIA…M2'
 * @example redact('hunter2') // 'hu…'
 * @example redact('-----BEGIN RSA PRIVATE KEY-----\nMIIE…') // '-----BEGIN RSA PRIVATE KEY-----…'
 */
export function redact(secret: string): string {
  // A PEM block's armour line says what it is and nothing secret: show it instead of dashes.
  const armour = /^-----BEGIN ([A-Z0-9 ]{1,40})-----/.exec(secret.replace(/^["']/, ''));
  if (armour) return `-----BEGIN ${armour[1]}-----${REDACT_MARK}`;
  const chars = Array.from(secret);
  const budget = Math.floor(chars.length / 3);
  const lead = Math.min(REDACT_EDGE, budget);
  const trail = Math.min(REDACT_EDGE, budget - lead);
  const head = chars.slice(0, lead).join('');
  const tail = trail > 0 ? chars.slice(chars.length - trail).join('') : '';
  return `${printable(head)}${REDACT_MARK}${printable(tail)}`;
}

/** A multi-line secret (a PEM key) must not break a one-line report. */
function printable(part: string): string {
  return part.replace(/[\r\n\t]/g, ' ');
}
