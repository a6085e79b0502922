/**
 * AI-platform credentials: OpenAI, Anthropic, Hugging Face, Cohere, Replicate, Groq,
 * Perplexity, xAI, LangSmith, OpenRouter, DeepSeek, Mistral. They spend the organisation's
 * money and, increasingly, act as its AI agents and read their conversations and files.
 */
import type { SecretRule } from '../secret-rule.js';
import {
  assigned,
  glue,
  hasLettersAndDigits,
  notPlaceholder,
  plausibleKey,
  prefixedRule,
  URL_SAFE_END,
} from './shared.js';

const openaiApiKey: SecretRule = {
  id: 'openai-api-key',
  name: 'OpenAI API key',
  description:
    'An OpenAI API key (sk-…, sk-proj-…, sk-svcacct-…, sk-admin-…, all carrying T3BlbkFJ): calls the models and reads the files, assistants and usage of its project or organisation.',
  provider: 'openai',
  identityKind: 'api-key',
  credentialType: 'api-key',
  severity: 'high',
  pattern: String.raw`\b(sk-(?:(?:proj|svcacct|admin)-)?[0-9A-Za-z_-]{20,}T3BlbkFJ[0-9A-Za-z_-]{20,})${URL_SAFE_END}`,
  secretGroup: 1,
  keywords: ['t3blbkfj'],
  minEntropy: 4,
  verify: notPlaceholder,
  examples: {
    positive: [
      `OPENAI_API_KEY=${glue('sk-proj-', 'jN3F5LGm_x7qiUv06doXrVdbA7AO9NzLizPTZjNlZIcpS81hYm2O9VUBxaONbK8P6RewKQnRhU', 'T3BlbkFJ', 'ocYdvtxm2mmMXDih_lw9VBmH3BI1kSvZvBsFjbpYpuIW1DnORNMJckZ-UmzzA0IUFZBj3pMLCy')}`,
      `openai.api_key = "${glue('sk-', 'ZAtqYKvgjAmH9MJ4tzOm', 'T3BlbkFJ', 'mzeSKYvzryjOzhXSaqlj')}"`,
    ],
    negative: ['OPENAI_API_KEY=sk-...', 'OPENAI_API_KEY=sk-proj-xxxxxxxxxxxxxxxxxxxxT3BlbkFJxxxxxxxxxxxxxxxxxxxx'],
  },
};

const anthropicApiKey = prefixedRule({
  id: 'anthropic-api-key',
  name: 'Anthropic API key',
  description: 'An Anthropic API key (sk-ant-api03-…): calls Claude models on the workspace’s account and bills it.',
  provider: 'anthropic',
  identityKind: 'api-key',
  credentialType: 'api-key',
  prefix: 'sk-ant-api03-',
  body: '[0-9A-Za-z_-]{93}AA',
  minEntropy: 4,
  positive: [
    `ANTHROPIC_API_KEY=${glue('sk-ant-api03-', '1lfC5erxZOIGz2Yk9kO9ILkgneO_zcMbPJxRYsANR0tfFeVzyrdGVAEU-aStk3pKDN44PzaAvA1tI-Fm6vgcO7dmXZpOb', 'AA')}`,
  ],
  negative: ['ANTHROPIC_API_KEY=sk-ant-api03-...', 'ANTHROPIC_API_KEY=sk-ant-api03-your-key-here'],
});

const anthropicAdminKey = prefixedRule({
  id: 'anthropic-admin-key',
  name: 'Anthropic Admin API key',
  description:
    'An Anthropic Admin API key (sk-ant-admin01-…): manages the organisation’s members, workspaces and API keys.',
  provider: 'anthropic',
  identityKind: 'api-key',
  credentialType: 'api-key',
  severity: 'critical',
  prefix: 'sk-ant-admin01-',
  body: '[0-9A-Za-z_-]{93}AA',
  minEntropy: 4,
  positive: [
    `x-api-key: ${glue('sk-ant-admin01-', 'LmuaxZGfNNpr7l4-XO_oqh-s7d0WTe1BUcY6FsyHwLGO0raOYJ_8uG6B7kwTlwOlvXJbXkKq8NQXdkw19b3WQVfGFfmJZ', 'AA')}`,
  ],
  negative: ['x-api-key: sk-ant-admin01-$ANTHROPIC_ADMIN_KEY', 'x-api-key: sk-ant-admin01-LmuaxZGfNNpr7l4'],
});

const huggingfaceToken = prefixedRule({
  id: 'huggingface-token',
  name: 'Hugging Face access token',
  description:
    'A Hugging Face user access token (hf_…): reads, and with write scope pushes, its user’s models, datasets and Spaces.',
  provider: 'huggingface',
  identityKind: 'api-key',
  prefix: 'hf_',
  body: '[0-9A-Za-z]{34}',
  end: String.raw`\b`,
  minEntropy: 3.5,
  positive: [`HF_TOKEN=${glue('hf_', 'yBpYzRHzHphfIdzfVRoSsdyHVqNmRrOrnp')}`],
  negative: ['HF_TOKEN=hf_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', 'HF_TOKEN=hf_yBpYzRHzHphfIdzfVRoSsdyHVqNmRrOrnpX'],
});

const huggingfaceOrgToken = prefixedRule({
  id: 'huggingface-org-token',
  name: 'Hugging Face organisation API token',
  description: 'A legacy Hugging Face organisation API token (api_org_…): acts for the whole organisation.',
  provider: 'huggingface',
  identityKind: 'api-key',
  prefix: 'api_org_',
  body: '[A-Za-z]{34}',
  end: String.raw`\b`,
  minEntropy: 3.5,
  positive: [`token = "${glue('api_org_', 'kFxHyHexFfcdSuIsQkFpOHiYdiTymJuYMe')}"`],
  negative: ['token = "api_org_<token>"', 'api_org_settings_and_preferences_are_stored_here'],
});

const cohereApiKey: SecretRule = {
  id: 'cohere-api-key',
  name: 'Cohere API key',
  description:
    'A Cohere API key (40 characters) assigned to CO_API_KEY or a Cohere key setting: calls Cohere’s models on the account.',
  provider: 'cohere',
  identityKind: 'api-key',
  credentialType: 'api-key',
  severity: 'high',
  pattern: assigned('(?:cohere[_.-]?(?:api[_.-]?)?(?:key|token)|co_api_key)', '[0-9A-Za-z]{40}'),
  caseInsensitive: true,
  secretGroup: 1,
  keywords: ['cohere', 'co_api_key'],
  minEntropy: 4,
  verify: (secret) => plausibleKey(secret) && hasLettersAndDigits(secret),
  examples: {
    positive: [`CO_API_KEY=${glue('Kgex0IpTEdkrYMbSOmQo', 'I8HXcG3tJaTgZ3AesOjn')}`],
    negative: ['CO_API_KEY=<cohere-api-key>', `COHERE_API_KEY=${'a1'.repeat(20)}`],
  },
};

const replicateApiToken = prefixedRule({
  id: 'replicate-api-token',
  name: 'Replicate API token',
  description: 'A Replicate API token (r8_…): runs models and deployments billed to the account.',
  provider: 'replicate',
  identityKind: 'api-key',
  prefix: 'r8_',
  body: '[0-9A-Za-z]{37}',
  end: String.raw`\b`,
  minEntropy: 3.5,
  positive: [`REPLICATE_API_TOKEN=${glue('r8_', 'yuyj67QQsCshNKOqtBIAun0rNyk59MpToGxoS')}`],
  negative: ['REPLICATE_API_TOKEN=r8_**************************************', 'REPLICATE_API_TOKEN=r8_yuyj67QQ'],
});

const groqApiKey = prefixedRule({
  id: 'groq-api-key',
  name: 'Groq API key',
  description: 'A Groq API key (gsk_…): calls models on GroqCloud billed to the account.',
  provider: 'groq',
  identityKind: 'api-key',
  credentialType: 'api-key',
  prefix: 'gsk_',
  body: '[0-9A-Za-z]{52}',
  end: String.raw`\b`,
  minEntropy: 4,
  positive: [`GROQ_API_KEY=${glue('gsk_', 'KrIJWniffjFJMauZpdKjsB1rhgsmysn7GXxRe4hgW8pNlUuNTiJN')}`],
  negative: ['GROQ_API_KEY=gsk_your_groq_api_key_here', 'GROQ_API_KEY=gsk_KrIJWniffjFJ'],
});

const perplexityApiKey = prefixedRule({
  id: 'perplexity-api-key',
  name: 'Perplexity API key',
  description: 'A Perplexity API key (pplx-…): calls the Sonar models billed to the account.',
  provider: 'perplexity',
  identityKind: 'api-key',
  credentialType: 'api-key',
  prefix: 'pplx-',
  body: '[0-9A-Za-z]{48}',
  end: String.raw`\b`,
  minEntropy: 4,
  positive: [`PERPLEXITY_API_KEY=${glue('pplx-', 'NXIB5i7iQqR3lKIgE2n62Io5EbXixUEhALrLVGI6HDVk2ez5')}`],
  negative: ['PERPLEXITY_API_KEY=pplx-...', 'PERPLEXITY_API_KEY=pplx-NXIB5i7iQqR3'],
});

const xaiApiKey = prefixedRule({
  id: 'xai-api-key',
  name: 'xAI API key',
  description: 'An xAI API key (xai-…): calls the Grok models billed to the team.',
  provider: 'xai',
  identityKind: 'api-key',
  credentialType: 'api-key',
  prefix: 'xai-',
  body: '[0-9A-Za-z]{80}',
  end: String.raw`\b`,
  minEntropy: 4,
  positive: [
    `XAI_API_KEY=${glue('xai-', 'qqEEYfnhlRjggLv9jZceZ76kaDTNADZL0Pf9VqL6jnl5Mf2RwXN8vhpUl7fTGgP52YeIIoqUdAnIfSfQ')}`,
  ],
  negative: ['XAI_API_KEY=xai-your-key', 'XAI_API_KEY=xai-qqEEYfnhlRjggLv9jZceZ76kaDTNADZL0Pf9VqL6jnl5'],
});

const langsmithApiKey = prefixedRule({
  id: 'langsmith-api-key',
  name: 'LangSmith API key',
  description:
    'A LangSmith personal or service key (lsv2_pt_… or lsv2_sk_…): reads and writes the traces, datasets and prompts of the workspace.',
  provider: 'langchain',
  identityKind: 'api-key',
  credentialType: 'api-key',
  prefix: 'lsv2_',
  body: '(?:pt|sk)_[0-9a-f]{32}_[0-9a-f]{10}',
  end: String.raw`\b`,
  positive: [`LANGSMITH_API_KEY=${glue('lsv2_pt_', 'c984727daeae8226d9d79dc38bc77ada', '_691be9ebf9')}`],
  negative: ['LANGSMITH_API_KEY=lsv2_pt_00000000000000000000000000000000_0000000000', 'LANGSMITH_API_KEY=lsv2_pt_...'],
});

const openrouterApiKey = prefixedRule({
  id: 'openrouter-api-key',
  name: 'OpenRouter API key',
  description:
    'An OpenRouter API key (sk-or-v1-…): calls any model OpenRouter routes to, billed to the account’s credits.',
  provider: 'openrouter',
  identityKind: 'api-key',
  credentialType: 'api-key',
  prefix: 'sk-or-v1-',
  body: '[0-9a-f]{64}',
  end: String.raw`\b`,
  positive: [
    `OPENROUTER_API_KEY=${glue('sk-or-v1-', 'c1caf31869f45c449a524ff4cb8732c22cbdc6637f742f6244a2d58e529646fd')}`,
  ],
  negative: ['OPENROUTER_API_KEY=sk-or-v1-<key>', `OPENROUTER_API_KEY=sk-or-v1-${'0'.repeat(64)}`],
});

const deepseekApiKey: SecretRule = {
  id: 'deepseek-api-key',
  name: 'DeepSeek API key',
  description:
    'A DeepSeek API key (sk- and 32 hex digits) assigned to a DeepSeek key setting: calls DeepSeek’s models on the account.',
  provider: 'deepseek',
  identityKind: 'api-key',
  credentialType: 'api-key',
  severity: 'high',
  pattern: assigned('deepseek[_.-]?(?:api[_.-]?)?key', 'sk-[0-9a-f]{32}'),
  caseInsensitive: true,
  secretGroup: 1,
  keywords: ['deepseek'],
  minEntropy: 3,
  verify: notPlaceholder,
  examples: {
    positive: [`DEEPSEEK_API_KEY=${glue('sk-', '813e7a3f06df2d1be96a7ff27269e85c')}`],
    negative: ['DEEPSEEK_API_KEY=sk-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', 'DEEPSEEK_API_KEY=sk-813e7a3f06df2d1be96a7ff2'],
  },
};

const mistralApiKey: SecretRule = {
  id: 'mistral-api-key',
  name: 'Mistral AI API key',
  description:
    'A Mistral AI API key (32 characters) assigned to a Mistral key setting: calls Mistral’s models on the workspace.',
  provider: 'mistral',
  identityKind: 'api-key',
  credentialType: 'api-key',
  severity: 'high',
  pattern: assigned('mistral[_.-]?(?:ai[_.-]?)?(?:api[_.-]?)?key', '[0-9A-Za-z]{32}'),
  caseInsensitive: true,
  secretGroup: 1,
  keywords: ['mistral'],
  minEntropy: 4,
  verify: (secret) => plausibleKey(secret) && hasLettersAndDigits(secret),
  examples: {
    positive: [`MISTRAL_API_KEY=${glue('y1Pmw85eDWBe4mNP', 'f3FmrOr5pX26l6ui')}`],
    negative: ['MISTRAL_API_KEY=$MISTRAL_API_KEY', 'mistral_api_key = "YOUR_MISTRAL_API_KEY_GOES_HERE12"'],
  },
};

/** AI-platform credentials. */
export const AI_RULES: readonly SecretRule[] = [
  openaiApiKey,
  anthropicApiKey,
  anthropicAdminKey,
  huggingfaceToken,
  huggingfaceOrgToken,
  cohereApiKey,
  replicateApiToken,
  groqApiKey,
  perplexityApiKey,
  xaiApiKey,
  langsmithApiKey,
  openrouterApiKey,
  deepseekApiKey,
  mistralApiKey,
];
