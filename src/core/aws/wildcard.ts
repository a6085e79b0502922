/**
 * IAM's wildcards: in actions and resource ARNs, `*` stands for any run of characters (none
 * included) and `?` for any one character. Action names compare without regard to case
 * (`S3:getobject` is `s3:GetObject`); ARNs with it.
 *
 * Matched by the greedy algorithm that backtracks only to the last `*`: time is at most the
 * product of the two lengths (both bounded by IAM's limits), and no regular expression is built
 * from policy text.
 */

/**
 * `true` when `value` matches `pattern`.
 *
 * @example
 * matchesWildcard('iam:Create*', 'iam:CreateAccessKey', true) // true
 * matchesWildcard('arn:aws:s3:::payroll/*', 'arn:aws:s3:::payroll-archive/x', false) // false
 */
export function matchesWildcard(pattern: string, value: string, ignoreCase: boolean): boolean {
  if (pattern === '*') return true;
  const p = ignoreCase ? pattern.toLowerCase() : pattern;
  const v = ignoreCase ? value.toLowerCase() : value;
  let pi = 0;
  let vi = 0;
  let star = -1;
  let resume = 0;
  while (vi < v.length) {
    const char = p[pi];
    if (char === '*') {
      star = pi++;
      resume = vi;
    } else if (char !== undefined && (char === '?' || char === v[vi])) {
      pi++;
      vi++;
    } else if (star !== -1) {
      pi = star + 1;
      vi = ++resume;
    } else {
      return false;
    }
  }
  while (p[pi] === '*') pi++;
  return pi === p.length;
}

/** `true` when an IAM action (`service:Name`) matches the pattern; case does not matter. */
export function matchesAction(pattern: string, action: string): boolean {
  return matchesWildcard(pattern, action, true);
}

/** `true` when a resource ARN matches the pattern; case matters. */
export function matchesResource(pattern: string, resource: string): boolean {
  return matchesWildcard(pattern, resource, false);
}
