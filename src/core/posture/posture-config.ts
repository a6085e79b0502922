/**
 * The thresholds posture rules apply. Small on purpose: each knob is one a
 * security team has a policy number for.
 */
import { z } from 'zod';
import { SeveritySchema } from './finding.js';

export const PostureConfigSchema = z.object({
  /** An identity unused for longer than this many days is dormant. */
  dormantDays: z.number().int().min(1).max(3650).default(90),
  /** A secret, key or token not rotated for longer than this many days is unrotated. */
  rotationDays: z.number().int().min(1).max(3650).default(90),
  /** More active access keys / API keys than this on one identity is a finding. */
  maxActiveKeys: z.number().int().min(1).max(100).default(1),
  /** Findings below this severity are not reported. */
  minSeverity: SeveritySchema.default('low'),
});
export type PostureConfig = z.infer<typeof PostureConfigSchema>;

/** The defaults: 90 days for dormancy and rotation, one active key, every severity. */
export const DEFAULT_POSTURE_CONFIG: PostureConfig = PostureConfigSchema.parse({});
