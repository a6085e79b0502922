/**
 * The one place that reads the environment. One zod schema parses environment and
 * command-line overrides together, lists every problem, and fails fast.
 */
import { z } from 'zod';
import { VigilError } from '../core/errors.js';
import { DEFAULT_MAX_IMPORT_BYTES } from '../core/inventory/source-text.js';

const intFrom = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

export const ConfigSchema = z.object({
  dataDir: z.string().min(1).default('./.vigil'),
  databaseUrl: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),
  host: z.string().min(1).default('127.0.0.1'),
  port: intFrom(0, 65535).default(8787),
  ownerTagKeys: z
    .string()
    .default('owner,team,owner-email,contact')
    .transform((s) =>
      s
        .split(',')
        .map((k) => k.trim())
        .filter((k) => k !== ''),
    )
    .pipe(z.array(z.string().max(128)).min(1)),
  dormantDays: intFrom(1, 3650).default(90),
  rotationDays: intFrom(1, 3650).default(90),
  maxActiveKeys: intFrom(1, 100).default(1),
  maxImportBytes: intFrom(1, 8 * 1024 ** 3).default(DEFAULT_MAX_IMPORT_BYTES),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'silent']).default('info'),
});
export type Config = z.infer<typeof ConfigSchema>;

/** Environment variable for each setting. */
const ENV: Record<keyof Config, string> = {
  dataDir: 'VIGIL_DATA_DIR',
  databaseUrl: 'VIGIL_DATABASE_URL',
  host: 'VIGIL_HOST',
  port: 'VIGIL_PORT',
  ownerTagKeys: 'VIGIL_OWNER_TAG_KEYS',
  dormantDays: 'VIGIL_DORMANT_DAYS',
  rotationDays: 'VIGIL_ROTATION_DAYS',
  maxActiveKeys: 'VIGIL_MAX_ACTIVE_KEYS',
  maxImportBytes: 'VIGIL_MAX_IMPORT_BYTES',
  logLevel: 'VIGIL_LOG_LEVEL',
};

/**
 * Reads the configuration: command-line overrides first, then the environment, then defaults.
 * Every invalid setting is named in one error.
 */
export function loadConfig(
  overrides: Partial<Record<keyof Config, string | undefined>> = {},
  env: NodeJS.ProcessEnv = process.env,
): Config {
  const raw: Record<string, string | undefined> = {};
  for (const [key, variable] of Object.entries(ENV)) {
    const value = overrides[key as keyof Config] ?? env[variable];
    raw[key] = value === '' ? undefined : value;
  }
  const result = ConfigSchema.safeParse(raw);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const key = String(issue.path[0] ?? '');
    const variable = ENV[key as keyof Config] ?? key;
    return `  ${variable}: ${issue.message}`;
  });
  throw new VigilError('CONFIG_INVALID', `invalid configuration:\n${problems.join('\n')}`);
}
