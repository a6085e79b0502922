// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the negative examples are `${VAR}` templates on purpose.
/**
 * E-mail delivery credentials: SendGrid, Mailgun, Postmark, Mailchimp, Brevo, Resend, Mailjet.
 * They send mail as the organisation's domains (phishing that passes SPF and DKIM) and read
 * its lists of recipients.
 */
import type { SecretRule } from '../secret-rule.js';
import { ASSIGN, assigned, FALLBACK_FROM, glue, notPlaceholder, prefixedRule } from './shared.js';

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

const sendgridApiKey = prefixedRule({
  id: 'sendgrid-api-key',
  name: 'SendGrid API key',
  description: 'A Twilio SendGrid API key (SG.…): sends mail from the account’s verified domains, within its scopes.',
  provider: 'sendgrid',
  identityKind: 'api-key',
  credentialType: 'api-key',
  prefix: 'SG.',
  body: String.raw`[0-9A-Za-z_-]{22}\.[0-9A-Za-z_-]{43}`,
  minEntropy: 4,
  positive: [
    `SENDGRID_API_KEY=${glue('SG.', 'lztMkxMlT8XXZO2fGfDb7C.', 'gWDl2yDA0vNQbn0NPUzE7wvCNu4AMq18nZkGhHMOIqk')}`,
  ],
  negative: [
    'SENDGRID_API_KEY=SG.xxxxxxxxxxxxxxxxxxxxxx.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
    'SG.lztMkxMlT8XXZO2fGfDb7C',
  ],
});

const mailgunApiKey: SecretRule = {
  id: 'mailgun-api-key',
  name: 'Mailgun API key',
  description:
    'A Mailgun private API key (key-… or the newer …-…-… form) on a line that names Mailgun: sends mail and reads logs for every domain of the account.',
  provider: 'mailgun',
  identityKind: 'api-key',
  credentialType: 'api-key',
  severity: 'high',
  pattern: String.raw`mailgun[^\n]*?\b((?:key-)?[0-9a-f]{32}-[0-9a-f]{8}-[0-9a-f]{8}|key-[0-9a-f]{32})\b`,
  caseInsensitive: true,
  secretGroup: 1,
  keywords: ['mailgun'],
  minEntropy: 3,
  verify: notPlaceholder,
  examples: {
    positive: [
      `MAILGUN_API_KEY=${glue('key-', 'deff2f8b387cdf5817bdab01b6faf9c8')}`,
      `const mg = mailgun.client({ username: 'api', key: '${glue('f6756bef01385f6d3d69607ff6d0be82', '-dbdca214-d40218b1')}' });`,
    ],
    negative: [
      'MAILGUN_API_KEY=key-00000000000000000000000000000000',
      `cache_key = "key-${'deff2f8b387cdf5817bdab01b6faf9c8'}"`,
    ],
  },
};

const postmarkServerToken: SecretRule = {
  id: 'postmark-server-token',
  name: 'Postmark server or account token',
  description:
    'A Postmark server or account API token (a UUID in a token setting under or named after Postmark, or sent as X-Postmark-Server-Token): sends mail as the server’s sender signatures.',
  provider: 'postmark',
  identityKind: 'api-key',
  credentialType: 'token',
  severity: 'high',
  // The word Postmark may be the key's prefix, a header, a parent key or an INI section a few
  // lines up (`postmark:\n  serverToken: …`, `[postmark]\nserver_token = …`), or a .NET setting.
  pattern: String.raw`postmark[\s\S]{0,120}?(?:server|account|api)?[_.-]?token["'\]]{0,2}(?:[ \t]+value)?[ \t]*${ASSIGN}[ \t]*${FALLBACK_FROM}["']?(${UUID})\b`,
  caseInsensitive: true,
  secretGroup: 1,
  keywords: ['postmark'],
  minEntropy: 3,
  verify: notPlaceholder,
  examples: {
    positive: [
      'POSTMARK_SERVER_TOKEN=2d70e21b-d0d7-4498-82cf-0a33192752fe',
      'curl -H "X-Postmark-Server-Token: 2d70e21b-d0d7-4498-82cf-0a33192752fe" https://api.postmarkapp.com/email',
      'postmark:\n  serverToken: 2d70e21b-d0d7-4498-82cf-0a33192752fe\n',
      '<add key="PostmarkServerToken" value="2d70e21b-d0d7-4498-82cf-0a33192752fe" />',
      "const POSTMARK_SERVER_TOKEN = process.env.POSTMARK_SERVER_TOKEN ?? '2d70e21b-d0d7-4498-82cf-0a33192752fe';",
    ],
    negative: ['POSTMARK_SERVER_TOKEN=00000000-0000-0000-0000-000000000000', 'POSTMARK_SERVER_TOKEN=POSTMARK_API_TEST'],
  },
};

const mailchimpApiKey: SecretRule = {
  id: 'mailchimp-api-key',
  name: 'Mailchimp API key',
  description:
    'A Mailchimp marketing API key (32 hex digits and a data centre, -usN): manages the account’s audiences and campaigns.',
  provider: 'mailchimp',
  identityKind: 'api-key',
  credentialType: 'api-key',
  severity: 'high',
  pattern: String.raw`\b([0-9a-f]{32}-us[0-9]{1,2})\b`,
  secretGroup: 1,
  keywords: ['-us'],
  minEntropy: 3,
  verify: notPlaceholder,
  examples: {
    positive: [`MAILCHIMP_API_KEY=${glue('903e4c94be97dc88fd18c3983a6b599a', '-us21')}`],
    negative: ['MAILCHIMP_API_KEY=00000000000000000000000000000000-us21', 'id = 903e4c94be97dc88fd18c3983a6b599a-usa'],
  },
};

const brevoApiKey: SecretRule = {
  id: 'brevo-api-key',
  name: 'Brevo (Sendinblue) API or SMTP key',
  description:
    'A Brevo, formerly Sendinblue, API key (xkeysib-…) or SMTP key (xsmtpsib-…): sends mail and reads contacts.',
  provider: 'brevo',
  identityKind: 'api-key',
  credentialType: 'api-key',
  severity: 'high',
  pattern: String.raw`\b(x(?:keysib|smtpsib)-[0-9a-f]{64}-[0-9A-Za-z]{16})\b`,
  secretGroup: 1,
  keywords: ['xkeysib-', 'xsmtpsib-'],
  minEntropy: 3.5,
  verify: notPlaceholder,
  examples: {
    positive: [
      `BREVO_API_KEY=${glue('xkeysib-', '802c24fc1ad32123f996c054afbf048fa31ae988f3b7334a0ec5d382701b0df1', '-LDFFZCNUZWLW4Z1M')}`,
    ],
    negative: ['BREVO_API_KEY=xkeysib-<your-api-key>', 'BREVO_API_KEY=xkeysib-802c24fc1ad32123f996c054afbf048f'],
  },
};

const resendApiKey = prefixedRule({
  id: 'resend-api-key',
  name: 'Resend API key',
  description: 'A Resend API key (re_…): sends mail from the account’s verified domains.',
  provider: 'resend',
  identityKind: 'api-key',
  credentialType: 'api-key',
  prefix: 're_',
  body: '[0-9A-Za-z]{8}_[0-9A-Za-z]{24}',
  end: String.raw`\b`,
  minEntropy: 3.5,
  positive: [`RESEND_API_KEY=${glue('re_', 'lzPWdF0j_', 'JJJx0PH5odjbeen9IrzMIK94')}`],
  negative: ['RESEND_API_KEY=re_123456789', 'const re_pattern_for_the_input_field = 1'],
});

const mailjetApiKey: SecretRule = {
  id: 'mailjet-api-key',
  name: 'Mailjet API key or secret',
  description:
    'A Mailjet API key or secret key (32 hex digits) assigned to a Mailjet setting: together they send mail for the account.',
  provider: 'mailjet',
  identityKind: 'api-key',
  credentialType: 'api-key',
  severity: 'high',
  pattern: assigned('mailjet[_.-]?(?:api[_.-]?)?(?:secret|key|private[_.-]?key|public[_.-]?key)', '[0-9a-f]{32}'),
  caseInsensitive: true,
  secretGroup: 1,
  keywords: ['mailjet'],
  minEntropy: 3,
  verify: notPlaceholder,
  examples: {
    positive: ['MAILJET_API_SECRET="2d70e21bd0d7844982cf0a33192752fe"'],
    negative: ['MAILJET_API_SECRET="${MJ_APIKEY_PRIVATE}"', 'MAILJET_API_SECRET="00000000000000000000000000000000"'],
  },
};

/** E-mail delivery credentials. */
export const MAIL_RULES: readonly SecretRule[] = [
  sendgridApiKey,
  mailgunApiKey,
  postmarkServerToken,
  mailchimpApiKey,
  brevoApiKey,
  resendApiKey,
  mailjetApiKey,
];
