import RE2 from 're2';
import { describe, it } from 'vitest';
import type { SecretRule } from '../secret-rule.js';
import { MAIL_RULES } from './mail.js';
import { glue } from './shared.js';
import { type CompilePattern, expectSecrets, ruleIn } from './testing.js';

const re2: CompilePattern = (pattern, flags) => new RE2(pattern, flags);
const rule = (id: string): SecretRule => ruleIn(MAIL_RULES, id);

describe('mail rules', () => {
  it('find the expected secrets in their examples', () => {
    const expected: Record<string, string[]> = {
      'sendgrid-api-key': [glue('SG.', 'lztMkxMlT8XXZO2fGfDb7C.', 'gWDl2yDA0vNQbn0NPUzE7wvCNu4AMq18nZkGhHMOIqk')],
      'mailgun-api-key': [
        glue('key-', 'deff2f8b387cdf5817bdab01b6faf9c8'),
        glue('f6756bef01385f6d3d69607ff6d0be82', '-dbdca214-d40218b1'),
      ],
      'postmark-server-token': Array(5).fill('2d70e21b-d0d7-4498-82cf-0a33192752fe'),
      'mailchimp-api-key': [glue('903e4c94be97dc88fd18c3983a6b599a', '-us21')],
      'brevo-api-key': [
        glue('xkeysib-', '802c24fc1ad32123f996c054afbf048fa31ae988f3b7334a0ec5d382701b0df1', '-LDFFZCNUZWLW4Z1M'),
      ],
      'resend-api-key': [glue('re_', 'lzPWdF0j_', 'JJJx0PH5odjbeen9IrzMIK94')],
      'mailjet-api-key': ['2d70e21bd0d7844982cf0a33192752fe'],
    };
    for (const [id, secrets] of Object.entries(expected)) expectSecrets(rule(id), secrets, re2);
  });
});
