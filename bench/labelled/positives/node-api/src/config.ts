/**
 * Runtime configuration for the orders API.
 * TODO(platform-412): move these to the secrets manager before GA.
 */
export interface ApiConfig {
  region: string;
  requestTimeoutMs: number;
}

export const config = {
  region: 'eu-west-1',
  awsAccessKeyId: 'AKIAKEXLKSLXFZBEBXIZ',
  awsSecretAccessKey: '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',
  github: {
    org: 'acme-platform',
    token: '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',
  },
  datadog: {
    site: 'datadoghq.eu',
    apiKey: 'ee4483c2899b4d91c7b2510c774238e2',
    appKey: 'c33036ce9f4a58632aae8dae340aa5f036edc706',
  },
  anthropicApiKey: process.env.ANTHROPIC_API_KEY ?? 'sk-ant-api03-ybjYv4Y3tbaieedZ_5vShJaFxkJpvm0I5cD4Jn4fAlPphX39M74iXoYkpNShuj28O3PU24doAGKX-9PZNiXM1BIusJkkUAA',
  requestTimeoutMs: 15_000,
  retry: { attempts: 3, backoffMs: 250 },
  buildSha: '15251185258bd1203f19e91448327e10fd388e11',
  correlationNamespace: '773b8b22-3183-4353-83b2-7b2c1938ab4e',
};
