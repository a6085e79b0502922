/**
 * Shannon entropy of a string: how unpredictable its characters are. Secret rules use it to
 * tell a random key (about 4–6 bits per character) from a word, a name or a repeated run.
 */

/**
 * Bits of Shannon entropy per character of `value`, counted over Unicode code points: 0 for an
 * empty string or a single repeated character, log2(n) for n distinct characters used equally.
 *
 * @example shannonEntropy('aaaa') // 0
 * @example shannonEntropy('abcd') // 2
 */
export function shannonEntropy(value: string): number {
  const counts = new Map<string, number>();
  let length = 0;
  for (const char of value) {
    counts.set(char, (counts.get(char) ?? 0) + 1);
    length += 1;
  }
  if (length === 0) return 0;
  let bits = 0;
  for (const count of counts.values()) {
    const p = count / length;
    bits -= p * Math.log2(p);
  }
  // Rounding noise can leave -0 or 1e-16 for a single repeated character.
  return bits <= 0 ? 0 : bits;
}
