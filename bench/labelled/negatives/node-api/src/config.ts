import { z } from 'zod';

/** Configuration comes from the environment only; nothing secret lives in this file. */
const EnvSchema = z.object({
  DATABASE_URL: z.string().url(),
  STRIPE_SECRET_KEY: z.string().startsWith('sk_'),
  GITHUB_TOKEN: z.string().min(40),
  ADMIN_PASSWORD: z.string().min(16),
});

export const env = EnvSchema.parse(process.env);

export const config = {
  stripeSecretKey: env.STRIPE_SECRET_KEY,
  githubToken: process.env.GITHUB_TOKEN ?? '',
  apiKeyHeader: 'X-API-Key',
  tokenUrl: 'https://auth.acme.com/oauth2/token',
  passwordResetPath: '/account/password/reset',
  secretsManagerArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:orders/prod-AbCdEf',
  sessionSecretName: 'orders-session-secret',
  tokenTtlSeconds: 900,
  password: process.env.DB_PASSWORD,
};
