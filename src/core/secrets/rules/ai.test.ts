import RE2 from 're2';
import { describe, expect, it } from 'vitest';
import type { SecretRule } from '../secret-rule.js';
import { AI_RULES } from './ai.js';
import { glue } from './shared.js';
import { type CompilePattern, expectSecrets, ruleIn, secretsFound } from './testing.js';

const re2: CompilePattern = (pattern, flags) => new RE2(pattern, flags);
const rule = (id: string): SecretRule => ruleIn(AI_RULES, id);

describe('AI rules', () => {
  it('find the expected secrets in their examples', () => {
    const expected: Record<string, string[]> = {
      'openai-api-key': [
        glue(
          'sk-proj-',
          'jN3F5LGm_x7qiUv06doXrVdbA7AO9NzLizPTZjNlZIcpS81hYm2O9VUBxaONbK8P6RewKQnRhU',
          'T3BlbkFJ',
          'ocYdvtxm2mmMXDih_lw9VBmH3BI1kSvZvBsFjbpYpuIW1DnORNMJckZ-UmzzA0IUFZBj3pMLCy',
        ),
        glue('sk-', 'ZAtqYKvgjAmH9MJ4tzOm', 'T3BlbkFJ', 'mzeSKYvzryjOzhXSaqlj'),
      ],
      'anthropic-api-key': [
        glue(
          'sk-ant-api03-',
          '1lfC5erxZOIGz2Yk9kO9ILkgneO_zcMbPJxRYsANR0tfFeVzyrdGVAEU-aStk3pKDN44PzaAvA1tI-Fm6vgcO7dmXZpOb',
          'AA',
        ),
      ],
      'anthropic-admin-key': [
        glue(
          'sk-ant-admin01-',
          'LmuaxZGfNNpr7l4-XO_oqh-s7d0WTe1BUcY6FsyHwLGO0raOYJ_8uG6B7kwTlwOlvXJbXkKq8NQXdkw19b3WQVfGFfmJZ',
          'AA',
        ),
      ],
      'huggingface-token': [glue('hf_', 'yBpYzRHzHphfIdzfVRoSsdyHVqNmRrOrnp')],
      'huggingface-org-token': [glue('api_org_', 'kFxHyHexFfcdSuIsQkFpOHiYdiTymJuYMe')],
      'cohere-api-key': [glue('Kgex0IpTEdkrYMbSOmQo', 'I8HXcG3tJaTgZ3AesOjn')],
      'replicate-api-token': [glue('r8_', 'yuyj67QQsCshNKOqtBIAun0rNyk59MpToGxoS')],
      'groq-api-key': [glue('gsk_', 'KrIJWniffjFJMauZpdKjsB1rhgsmysn7GXxRe4hgW8pNlUuNTiJN')],
      'perplexity-api-key': [glue('pplx-', 'NXIB5i7iQqR3lKIgE2n62Io5EbXixUEhALrLVGI6HDVk2ez5')],
      'xai-api-key': [glue('xai-', 'qqEEYfnhlRjggLv9jZceZ76kaDTNADZL0Pf9VqL6jnl5Mf2RwXN8vhpUl7fTGgP52YeIIoqUdAnIfSfQ')],
      'langsmith-api-key': [glue('lsv2_pt_', 'c984727daeae8226d9d79dc38bc77ada', '_691be9ebf9')],
      'openrouter-api-key': [glue('sk-or-v1-', 'c1caf31869f45c449a524ff4cb8732c22cbdc6637f742f6244a2d58e529646fd')],
      'deepseek-api-key': [glue('sk-', '813e7a3f06df2d1be96a7ff27269e85c')],
      'mistral-api-key': [glue('y1Pmw85eDWBe4mNP', 'f3FmrOr5pX26l6ui')],
    };
    for (const [id, secrets] of Object.entries(expected)) expectSecrets(rule(id), secrets, re2);
  });

  it('does not take an sk- string without the T3BlbkFJ marker for an OpenAI key', () => {
    expect(secretsFound(rule('openai-api-key'), `OPENAI_API_KEY=sk-${'Zq8vK3mW9pLx2R7t'.repeat(3)}`, re2)).toEqual([]);
  });
});
