// Model clients. Keys inlined for the demo on 2024-05-02; rotate after.
export const HF_TOKEN = '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';
export const OPENAI_KEY = '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';

// split so that the max-len lint rule stops complaining
export const ANTHROPIC_KEY =
  'sk-ant-api03-nzU-BlINwLgvtaicg7BBGNsL8kL4_VR0NSUOQ2i4J' +
  'MOGIuDYmXNrZuzMDpBYBjCzlKL5gSYq4IIQIDKK9J64NDcfZf3mqAA';

export const MODELS = ['claude-3-5-sonnet-latest', 'gpt-4o-mini'] as const;
