import RE2 from 're2';
import { describe, expect, it } from 'vitest';
import type { SecretRule } from '../secret-rule.js';
import { PAYMENT_RULES } from './payments.js';
import { glue } from './shared.js';
import { type CompilePattern, expectSecrets, hintOf, ruleIn, secretsFound } from './testing.js';

const re2: CompilePattern = (pattern, flags) => new RE2(pattern, flags);
const rule = (id: string): SecretRule => ruleIn(PAYMENT_RULES, id);

describe('payment rules', () => {
  it('find the expected secrets in their examples', () => {
    const expected: Record<string, string[]> = {
      'stripe-live-secret-key': [
        glue('sk_live_', 'QXYit7BOEI1E7a06AnWiJieO'),
        glue(
          'sk_live_',
          '51Hq',
          'bPnigKM4LrIdA7W4b6HzK6yeqI2MO6UUwCC8GlFn32hzqhRj2ljilsfpLNrUeTbpY9EUTolhMdqrl2HA0Eu0bmcfZYIyMaCP7NL',
        ),
      ],
      'stripe-restricted-key': [glue('rk_live_', '7rEcj3Rm3hdU79Bxflr0dfIw')],
      'stripe-test-secret-key': [glue('sk_test_', 'f4H40RHBiXehCsrr3HUzG4WmtocLYpV4')],
      'stripe-webhook-secret': [glue('whsec_', 'kXUIXO3aoFcsRI1iWzR6LurBdTg7hxxJ7Ww39d53')],
      'square-access-token': [glue('EAAA', 'K-MZZM5jOGqqqj4YS4kJrJUFeD-jI0r5GqDUoOP_sakZZW5CCusaQNbBqvyc')],
      'square-legacy-access-token': [glue('sq0atp-', 'jpmYgNZqJuiPOKceAoycvj')],
      'square-oauth-secret': [glue('sq0csp-', 'wou2IWVFJtMHZuw9wK5-8KM4_W96oJyGC9wSfUC22Ne')],
      'braintree-access-token': [
        glue('access_token$production$', 'r81gao8tblnuv25a$', '1957a0b51f129c35e8170b2110af3ae7'),
      ],
      'paypal-client-secret': [
        glue('E', '5ZrbYFzyO2Q1QfYP7HUuf9-nJNEKB6bky-NEDPuJacl18EDz-MPsYMZVfVIjfkScZ_SubuH-1eHiaOXH'),
      ],
      'flutterwave-secret-key': [glue('FLWSECK-', 'f010c0237d1cf62c34638887a2c0a6d0-X')],
      'plaid-access-token': [glue('access-production-', '053e8690-15bd-4d92-90d6-3ece76abc04a')],
    };
    for (const [id, secrets] of Object.entries(expected)) expectSecrets(rule(id), secrets, re2);
  });

  it('names the Braintree merchant of an access token', () => {
    expect(hintOf(rule('braintree-access-token'), 0, re2)).toEqual({
      type: 'account',
      provider: 'braintree',
      account: 'r81gao8tblnuv25a',
    });
  });

  it("rejects Stripe's documentation test key", () => {
    expect(secretsFound(rule('stripe-test-secret-key'), 'key = sk_test_4eC39HqLyjWDarjtT1zdp7dc', re2)).toEqual([]);
  });

  it('rejects a Stripe key whose body is a placeholder sequence', () => {
    expect(secretsFound(rule('stripe-live-secret-key'), 'key = sk_live_abcdefghijklmnopqrstuvwxyz', re2)).toEqual([]);
  });
});
