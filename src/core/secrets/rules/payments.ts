// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the negative examples are `${VAR}` templates on purpose.
/**
 * Payment-provider credentials: Stripe, Square, PayPal / Braintree, Flutterwave, Plaid. They
 * move money and read customers' payment data, so a live key is always critical.
 */
import type { SecretRule } from '../secret-rule.js';
import { assigned, glue, hasLettersAndDigits, notPlaceholder, plausibleKey, prefixedRule } from './shared.js';

const stripeLiveSecretKey = prefixedRule({
  id: 'stripe-live-secret-key',
  name: 'Stripe live secret key',
  description:
    'A Stripe live-mode secret key (sk_live_…): charges cards, issues refunds and reads every customer of the account.',
  provider: 'stripe',
  identityKind: 'api-key',
  credentialType: 'api-key',
  severity: 'critical',
  prefix: 'sk_live_',
  body: '[0-9A-Za-z]{24,}',
  end: String.raw`\b`,
  minEntropy: 3.5,
  positive: [
    `STRIPE_SECRET_KEY=${glue('sk_live_', 'QXYit7BOEI1E7a06AnWiJieO')}`,
    `Stripe.api_key = "${glue('sk_live_', '51Hq', 'bPnigKM4LrIdA7W4b6HzK6yeqI2MO6UUwCC8GlFn32hzqhRj2ljilsfpLNrUeTbpY9EUTolhMdqrl2HA0Eu0bmcfZYIyMaCP7NL')}"`,
  ],
  negative: ['STRIPE_SECRET_KEY=sk_live_xxxxxxxxxxxxxxxxxxxxxxxx', 'STRIPE_SECRET_KEY=sk_live_1234'],
});

const stripeRestrictedKey = prefixedRule({
  id: 'stripe-restricted-key',
  name: 'Stripe live restricted key',
  description: 'A Stripe live-mode restricted key (rk_live_…): the API calls its permissions allow, on real money.',
  provider: 'stripe',
  identityKind: 'api-key',
  credentialType: 'api-key',
  severity: 'high',
  prefix: 'rk_live_',
  body: '[0-9A-Za-z]{24,}',
  end: String.raw`\b`,
  minEntropy: 3.5,
  positive: [`stripe: { restrictedKey: '${glue('rk_live_', '7rEcj3Rm3hdU79Bxflr0dfIw')}' }`],
  negative: ["stripe: { restrictedKey: 'rk_live_...' }", "restrictedKey: 'rk_live_<restricted-key>'"],
});

const stripeTestSecretKey = prefixedRule({
  id: 'stripe-test-secret-key',
  name: 'Stripe test secret key',
  description:
    'A Stripe test-mode secret key (sk_test_…): no real money, but it reads and changes the account’s test data and shows where live keys are kept.',
  provider: 'stripe',
  identityKind: 'api-key',
  credentialType: 'api-key',
  severity: 'low',
  prefix: 'sk_test_',
  body: '[0-9A-Za-z]{24,}',
  end: String.raw`\b`,
  minEntropy: 3.5,
  positive: [`STRIPE_KEY=${glue('sk_test_', 'f4H40RHBiXehCsrr3HUzG4WmtocLYpV4')}`],
  negative: ['STRIPE_KEY=sk_test_4eC39HqLyjWDarjtT1zdp7dc', 'STRIPE_KEY=sk_test_your_key'],
});

const stripeWebhookSecret = prefixedRule({
  id: 'stripe-webhook-secret',
  name: 'Stripe webhook signing secret',
  description:
    'A Stripe webhook endpoint signing secret (whsec_…): lets its holder forge Stripe events that the endpoint will trust.',
  provider: 'stripe',
  identityKind: 'api-key',
  credentialType: 'secret',
  severity: 'medium',
  prefix: 'whsec_',
  body: '[0-9A-Za-z+/]{32,}',
  end: '(?:[^0-9A-Za-z+/=]|$)',
  minEntropy: 3.5,
  positive: [`STRIPE_WEBHOOK_SECRET=${glue('whsec_', 'kXUIXO3aoFcsRI1iWzR6LurBdTg7hxxJ7Ww39d53')}`],
  negative: ['STRIPE_WEBHOOK_SECRET=whsec_...', 'STRIPE_WEBHOOK_SECRET=whsec_abcdefghijklmnopqrstuvwxyzabcdefgh'],
});

const squareAccessToken = prefixedRule({
  id: 'square-access-token',
  name: 'Square production access token',
  description:
    'A Square production access token (EAAA…): takes payments and reads orders, customers and payouts of the seller.',
  provider: 'square',
  identityKind: 'api-key',
  severity: 'critical',
  prefix: 'EAAA',
  body: '[0-9A-Za-z_-]{60}',
  minEntropy: 3.5,
  positive: [`SQUARE_ACCESS_TOKEN=${glue('EAAA', 'K-MZZM5jOGqqqj4YS4kJrJUFeD-jI0r5GqDUoOP_sakZZW5CCusaQNbBqvyc')}`],
  negative: [
    'SQUARE_ACCESS_TOKEN=EAAAxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
    'EAAAK-MZZM5jOGqq',
  ],
});

const squareLegacyAccessToken = prefixedRule({
  id: 'square-legacy-access-token',
  name: 'Square legacy access token',
  description:
    'A Square personal access token in the legacy format (sq0atp-…): the same powers as a production access token.',
  provider: 'square',
  identityKind: 'api-key',
  severity: 'critical',
  prefix: 'sq0atp-',
  body: '[0-9A-Za-z_-]{22}',
  minEntropy: 3.5,
  positive: [`square.access_token = ${glue('sq0atp-', 'jpmYgNZqJuiPOKceAoycvj')}`],
  negative: ['square.access_token = sq0atp-XXXXXXXXXXXXXXXXXXXXXX', 'sq0atp-jpmYgNZq'],
});

const squareOauthSecret = prefixedRule({
  id: 'square-oauth-secret',
  name: 'Square OAuth application secret',
  description:
    'A Square application’s OAuth secret (sq0csp-…): exchanges authorisation codes for sellers’ access tokens.',
  provider: 'square',
  identityKind: 'service-account',
  credentialType: 'client-secret',
  severity: 'high',
  prefix: 'sq0csp-',
  body: '[0-9A-Za-z_-]{43}',
  minEntropy: 3.5,
  positive: [`SQUARE_APP_SECRET=${glue('sq0csp-', 'wou2IWVFJtMHZuw9wK5-8KM4_W96oJyGC9wSfUC22Ne')}`],
  negative: ['SQUARE_APP_SECRET=sq0csp-<application-secret>', 'SQUARE_APP_SECRET=sq0csp-wou2IWVFJtMH'],
});

const braintreeAccessToken: SecretRule = {
  id: 'braintree-access-token',
  name: 'PayPal Braintree production access token',
  description:
    'A PayPal Braintree production access token (access_token$production$…): takes and refunds payments as the merchant it names.',
  provider: 'paypal',
  identityKind: 'api-key',
  credentialType: 'token',
  severity: 'critical',
  pattern: String.raw`(access_token\$production\$([0-9a-z]{16})\$[0-9a-f]{32})\b`,
  secretGroup: 1,
  keywords: ['access_token$production$'],
  minEntropy: 3.5,
  verify: notPlaceholder,
  identify: (_secret, groups) => {
    const merchant = groups[2];
    return merchant === undefined ? null : { type: 'account', provider: 'braintree', account: merchant };
  },
  examples: {
    positive: [
      `BRAINTREE_TOKEN=${glue('access_token$production$', 'r81gao8tblnuv25a$', '1957a0b51f129c35e8170b2110af3ae7')}`,
    ],
    negative: [
      'BRAINTREE_TOKEN=access_token$sandbox$r81gao8tblnuv25a$1957a0b51f129c35e8170b2110af3ae7',
      'BRAINTREE_TOKEN=access_token$production$<merchant-id>$<token>',
    ],
  },
};

const paypalClientSecret: SecretRule = {
  id: 'paypal-client-secret',
  name: 'PayPal REST client secret',
  description:
    'The secret of a PayPal REST API app, assigned to a PayPal secret setting: with the client id it obtains tokens that take payments for the account.',
  provider: 'paypal',
  identityKind: 'service-account',
  credentialType: 'client-secret',
  severity: 'critical',
  pattern: assigned('paypal[_.-]?(?:client[_.-]?|app[_.-]?|api[_.-]?)?secret', '[0-9A-Za-z_-]{60,90}'),
  caseInsensitive: true,
  secretGroup: 1,
  keywords: ['paypal'],
  minEntropy: 4,
  verify: (secret) => plausibleKey(secret) && hasLettersAndDigits(secret),
  examples: {
    positive: [
      `PAYPAL_CLIENT_SECRET=${glue('E', '5ZrbYFzyO2Q1QfYP7HUuf9-nJNEKB6bky-NEDPuJacl18EDz-MPsYMZVfVIjfkScZ_SubuH-1eHiaOXH')}`,
    ],
    negative: [
      'PAYPAL_CLIENT_SECRET=${PAYPAL_CLIENT_SECRET}',
      'PAYPAL_CLIENT_SECRET=your-paypal-client-secret-value-goes-here-please-replace-it',
    ],
  },
};

const flutterwaveSecretKey = prefixedRule({
  id: 'flutterwave-secret-key',
  name: 'Flutterwave secret key',
  description:
    'A Flutterwave secret key (FLWSECK-…, or FLWSECK_TEST-… in test mode): makes charges, transfers and refunds.',
  provider: 'flutterwave',
  identityKind: 'api-key',
  credentialType: 'api-key',
  severity: 'critical',
  prefix: 'FLWSECK',
  body: '(?:_TEST)?-[0-9a-f]{32}-X',
  end: String.raw`\b`,
  positive: [`FLW_SECRET_KEY=${glue('FLWSECK-', 'f010c0237d1cf62c34638887a2c0a6d0-X')}`],
  negative: [
    'FLW_SECRET_KEY=FLWSECK-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx-X',
    'FLW_PUBLIC_KEY=FLWPUBK-f010c0237d1cf62c34638887a2c0a6d0-X',
  ],
});

const plaidAccessToken = prefixedRule({
  id: 'plaid-access-token',
  name: 'Plaid access token',
  description:
    'A Plaid access token (access-production-…): with the client id and secret it reads the linked bank account’s balances and transactions.',
  provider: 'plaid',
  identityKind: 'token',
  severity: 'high',
  prefix: 'access-',
  body: '(?:production|development)-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}',
  positive: [`"access_token": "${glue('access-production-', '053e8690-15bd-4d92-90d6-3ece76abc04a')}"`],
  negative: [
    '"access_token": "access-sandbox-053e8690-15bd-4d92-90d6-3ece76abc04a"',
    '"access_token": "access-production-<item-token>"',
  ],
});

/** Payment-provider credentials. */
export const PAYMENT_RULES: readonly SecretRule[] = [
  stripeLiveSecretKey,
  stripeRestrictedKey,
  stripeTestSecretKey,
  stripeWebhookSecret,
  squareAccessToken,
  squareLegacyAccessToken,
  squareOauthSecret,
  braintreeAccessToken,
  paypalClientSecret,
  flutterwaveSecretKey,
  plaidAccessToken,
];
