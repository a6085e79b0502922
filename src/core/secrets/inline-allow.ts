/**
 * The `vigil:allow` comment: the syntax of an inline allow on a line of source. Apart from the
 * allowlist (allowlist.ts) and free of dependencies, since every scanning thread loads it.
 */
/** The inline marker: `vigil:allow` allows every finding on its line, `vigil:allow=rule-a,rule-b` only those rules'. */
export const INLINE_ALLOW_MARKER = 'vigil:allow';

/**
 * `true` when a line of source carries an inline allow for the rule: `vigil:allow` anywhere on
 * it (in any comment syntax) allows every rule; `vigil:allow=rule-a,rule-b` only those.
 * Text after the marker and a space is free (`# vigil:allow test fixture`).
 *
 * @example inlineAllows('key = "AKIA…"  # vigil:allow=aws-access-key-id', 'aws-access-key-id') // true
 */
export function inlineAllows(line: string, ruleId: string): boolean {
  let from = line.indexOf(INLINE_ALLOW_MARKER);
  while (from !== -1) {
    const after = from + INLINE_ALLOW_MARKER.length;
    const next = line[after];
    if (next === '=') {
      let end = after + 1;
      while (end < line.length && isIdChar(line.charCodeAt(end), true)) end++;
      if (
        line
          .slice(after + 1, end)
          .split(',')
          .includes(ruleId)
      ) {
        return true;
      }
    } else if (next === undefined || !isIdChar(next.charCodeAt(0), false)) {
      // `vigil:allowed` or `vigil:allow_x` are other words, not the marker.
      return true;
    }
    from = line.indexOf(INLINE_ALLOW_MARKER, after);
  }
  return false;
}

function isIdChar(code: number, commaToo: boolean): boolean {
  return (
    (code >= 0x61 && code <= 0x7a) || // a-z
    (code >= 0x41 && code <= 0x5a) || // A-Z
    (code >= 0x30 && code <= 0x39) || // 0-9
    code === 0x2d || // -
    code === 0x5f || // _
    (commaToo && code === 0x2c)
  );
}
