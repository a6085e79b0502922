/** AWS tags: to Vigil's tag map, and the owner they name. */
import type { Owner } from '../../../core/inventory/identity.js';

/** Turns AWS's `[{Key, Value}]` into a map (a repeated key keeps its last value, as AWS would not allow two). */
export function tagsToRecord(tags: ReadonlyArray<{ Key: string; Value: string }>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const tag of tags) out[tag.Key] = tag.Value;
  return out;
}

/**
 * The owner the tags name: the first of `ownerTagKeys` (compared case-insensitively)
 * that is present with a non-empty value; `null` when none is.
 *
 * @example ownerFromTags({ Team: 'team-data' }, ['owner', 'team']) // { name: 'team-data', source: 'tag', detail: 'Team' }
 */
export function ownerFromTags(tags: Readonly<Record<string, string>>, ownerTagKeys: readonly string[]): Owner | null {
  const entries = Object.entries(tags);
  for (const wanted of ownerTagKeys) {
    const lower = wanted.toLowerCase();
    for (const [key, value] of entries) {
      const name = value.trim();
      if (key.toLowerCase() === lower && name !== '') return { name: name.slice(0, 256), source: 'tag', detail: key };
    }
  }
  return null;
}
