// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the negative examples are `${VAR}` templates on purpose.
/**
 * Cloud provider credentials: AWS, Google Cloud, Azure, Alibaba Cloud. These unlock whole
 * accounts and are the ones the inventory can most often tie to an identity (an access key
 * id names its IAM user; a service-account key file names its account).
 */
import { pemHasBody } from '../checks.js';
import { isPlaceholder } from '../placeholders.js';
import type { IdentityHint, SecretRule } from '../secret-rule.js';
import { assigned, BASE64_END, glue, hasLettersAndDigits, notPlaceholder, URL_SAFE_END } from './shared.js';

const AWS_KEY_ID_A = glue('AKIA', '29326ML64LG2TJF8');
const AWS_KEY_ID_B = glue('ASIA', 'CZ2KA7EDCMPB3U2M');
const AWS_SECRET_A = glue('DL/ak6J0kGODKdinZnLX', 'icaBAg8WY1jzIRlNQb0p');
const AWS_SECRET_B = glue('rFmbh7+wy5yq1XoY1BaI', 'McAxYmfsB4HbQLXjjlAF');

const awsAccessKeyId: SecretRule = {
  id: 'aws-access-key-id',
  name: 'AWS access key ID',
  description:
    'The public half of an AWS access key pair (AKIA… for an IAM user, ASIA… for a temporary STS session). Not usable alone, but it names the key, and its secret half is usually close by.',
  provider: 'aws',
  identityKind: 'access-key',
  credentialType: 'access-key',
  severity: 'high',
  pattern: String.raw`\b((?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16})\b`,
  secretGroup: 1,
  keywords: ['akia', 'asia', 'abia', 'acca'],
  minEntropy: 3,
  verify: notPlaceholder,
  identify: (secret) => ({ type: 'aws-access-key-id', accessKeyId: secret }),
  examples: {
    positive: [`aws_access_key_id = ${AWS_KEY_ID_A}`, `{"AccessKeyId": "${AWS_KEY_ID_B}", "Expiration": "2026-11-20"}`],
    negative: [
      'aws_access_key_id = AKIAIOSFODNN7EXAMPLE',
      'key = AKIA0000000000000000',
      `id = X${AWS_KEY_ID_A}`,
      'AKIA29326ML64LG2',
      `akia${AWS_KEY_ID_A.slice(4).toLowerCase()}`,
    ],
  },
};

/** The access key id on the line just before a secret key, as `~/.aws/credentials` and `.env` files put it. */
const awsSecretAccessKey: SecretRule = {
  id: 'aws-secret-access-key',
  name: 'AWS secret access key',
  description:
    'The secret half of an AWS access key pair: with its access key id it signs API requests as the IAM user or role that owns it.',
  provider: 'aws',
  identityKind: 'access-key',
  credentialType: 'access-key',
  severity: 'critical',
  pattern: String.raw`(?:((?:AKIA|ASIA)[A-Z0-9]{16})[ \t"',]*\r?\n[^\n]*?)?${assigned(
    '(?:secret[_.-]?access[_.-]?key|aws[_.-]?secret(?:[_.-]?key)?)',
    '[A-Za-z0-9/+]{40}',
  )}`,
  caseInsensitive: true,
  secretGroup: 2,
  keywords: ['secret'],
  minEntropy: 4,
  verify: (secret) => notPlaceholder(secret) && hasLettersAndDigits(secret),
  identify: (_secret, groups) => {
    const keyId = groups[1];
    return keyId === undefined ? null : { type: 'aws-access-key-id', accessKeyId: keyId.toUpperCase() };
  },
  examples: {
    positive: [
      `[default]\naws_access_key_id = ${AWS_KEY_ID_A}\naws_secret_access_key = ${AWS_SECRET_A}\n`,
      `export AWS_SECRET_ACCESS_KEY="${AWS_SECRET_B}"`,
      `{"SecretAccessKey": "${AWS_SECRET_A}"}`,
    ],
    negative: [
      'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      'aws_secret_access_key = ${AWS_SECRET_ACCESS_KEY}',
      `aws_secret_access_key = ${AWS_SECRET_A}extra`,
      'aws_secret_access_key = AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
    ],
  },
};

const SESSION_TOKEN_BODY = glue(
  'bVV6q9rXxtNDFyuzX9k1gnneGEYG1+LwiqD9jJBAciI05FhfwKVqlUr5Qrec8TNecj9iNOrjj5VfqRTk8j1d/bWWbjkloG1QX647',
  'kdNl9cDo/+GbVMszvR4/EPZGz3zBXCOArr/SfiJvo58JB0W/O5PjeJfJTNcrZ6ydIEsgo5nVjzz8Gwb8ewCISuYCl0Xq56zaWR7P',
);

const awsSessionToken: SecretRule = {
  id: 'aws-session-token',
  name: 'AWS session token',
  description:
    'A temporary AWS STS session token (IQoJb3JpZ2luX2Vj…, FwoGZXIvYXdz…): with its ASIA… key pair it acts as the assumed role until it expires.',
  provider: 'aws',
  identityKind: 'role',
  credentialType: 'token',
  severity: 'high',
  pattern: String.raw`\b([A-Za-z0-9+/]{2}oJb3JpZ2luX2Vj[A-Za-z0-9+/]{100,}={0,2}|F[QwA]oGZXIvYXdz[A-Za-z0-9+/]{100,}={0,2}|[AF]QoDYXdz[A-Za-z0-9+/]{100,}={0,2})${BASE64_END}`,
  secretGroup: 1,
  keywords: ['b3jpz2lux2vj', 'zxivyxdz', 'qodyxdz'],
  minEntropy: 4,
  examples: {
    positive: [
      `aws_session_token = ${glue('IQoJb3JpZ2luX2Vj', SESSION_TOKEN_BODY)}`,
      `"SessionToken": "${glue('FwoGZXIvYXdz', 'EJr//', SESSION_TOKEN_BODY)}=="`,
    ],
    negative: ['aws_session_token = IQoJb3JpZ2luX2VjEJr', `token = IQoJb3JpZ2luX2Vj${'A'.repeat(120)}`],
  },
};

const PEM_BODY = glue(
  'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQ',
  'QlUI7p5rEiHvQspaKUEUvxj6eZxrNWcuz07esXpZwRqHFQgesZ/n\\n8S00K+703poQ31dPgL3WPNiFp5FYg8nENYEiV1vC1pjmqp6aLFMdPwi45YsTDfNd6ONP/s8AzLhz\\n',
  'OT8cwzEygnNOJ1rQ41kvCNpzIxELIVoDMxCJql7j4jfaKG2lvKyFwJdxte7Xa/hxiUP9eLwvo3E4\\nGEH+C/Hezg5xPtc/34HdjowEsgN2fOH/lvWGFu/6hO07UBfq+rs6',
);
const GCP_KEY = `-----BEGIN PRIVATE KEY-----\\n${PEM_BODY}\\n-----END PRIVATE KEY-----\\n`;
const GCP_EMAIL = 'deploy-bot@lumen-freight-prod.iam.gserviceaccount.com';

function gcpServiceAccount(_secret: string, groups: readonly (string | undefined)[]): IdentityHint | null {
  const email = groups[1] ?? groups[4];
  if (email === undefined) return null;
  const projectFromEmail = /@([a-z][a-z0-9-]{4,61}[a-z0-9])\.iam\.gserviceaccount\.com$/.exec(email)?.[1] ?? null;
  return { type: 'gcp-service-account', email, projectId: groups[2] ?? projectFromEmail };
}

const GCP_EMAIL_PATTERN = String.raw`[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.gserviceaccount\.com`;
/** A JSON quote, or an escaped one when the key file sits inside another JSON string or an env var. */
const Q = String.raw`\\?"`;
/** A JSON-escaped line break, escaped once or twice. */
const NL = String.raw`\\{1,3}[rn]`;

const gcpServiceAccountKey: SecretRule = {
  id: 'gcp-service-account-key',
  name: 'Google Cloud service-account key file',
  description:
    'The private key of a Google Cloud service-account key file (JSON, "type": "service_account"): it signs tokens as the service account named in client_email, for as long as the key is not deleted.',
  provider: 'gcp',
  identityKind: 'service-account',
  credentialType: 'access-key',
  severity: 'critical',
  // Google writes project_id, private_key_id, private_key, client_email in that order; tools that
  // sort keys put client_email first. Either way the account is captured from the same object.
  pattern: String.raw`(?:${Q}client_email${Q}\s*:\s*${Q}(${GCP_EMAIL_PATTERN})${Q}[^{}]*?)?(?:${Q}project_id${Q}\s*:\s*${Q}([a-z][a-z0-9-]{4,61}[a-z0-9])${Q}[^{}]*?)?${Q}private_key${Q}\s*:\s*${Q}(-----BEGIN PRIVATE KEY-----(?:${NL})*(?:[A-Za-z0-9+/=]|${NL})+-----END PRIVATE KEY-----(?:${NL})*)${Q}(?:[^{}]*?${Q}client_email${Q}\s*:\s*${Q}(${GCP_EMAIL_PATTERN})${Q})?`,
  secretGroup: 3,
  keywords: ['private_key'],
  verify: pemHasBody,
  identify: gcpServiceAccount,
  examples: {
    positive: [
      `{\n  "type": "service_account",\n  "project_id": "lumen-freight-prod",\n  "private_key_id": "3f1a9c0e5b7d2f4a6c8e0b1d3f5a7c9e1b3d5f7a",\n  "private_key": "${GCP_KEY}",\n  "client_email": "${GCP_EMAIL}",\n  "client_id": "104729304817263548192"\n}`,
      `{"client_email": "${GCP_EMAIL}", "client_id": "104729304817263548192", "private_key": "${GCP_KEY}", "private_key_id": "3f1a9c0e", "type": "service_account"}`,
      `{"private_key": "${GCP_KEY}"}`,
      `GOOGLE_APPLICATION_CREDENTIALS_JSON={\\n  \\"type\\": \\"service_account\\",\\n  \\"project_id\\": \\"lumen-freight-prod\\",\\n  \\"private_key\\": \\"${GCP_KEY.replace(/\\n/g, '\\\\n')}\\",\\n  \\"client_email\\": \\"${GCP_EMAIL}\\"\\n}`,
    ],
    negative: [
      '{"type": "service_account", "private_key": "-----BEGIN PRIVATE KEY-----\\n...\\n-----END PRIVATE KEY-----\\n"}',
      '{"type": "service_account", "private_key": "${GCP_PRIVATE_KEY}"}',
      `{"private_key_id": "${PEM_BODY.slice(0, 40)}"}`,
    ],
  },
};

const gcpApiKey: SecretRule = {
  id: 'gcp-api-key',
  name: 'Google API key',
  description:
    'A Google Cloud / Firebase / Maps API key (AIza…): it bills and calls the Google APIs its project allows, from anywhere unless the key is restricted.',
  provider: 'gcp',
  identityKind: 'api-key',
  credentialType: 'api-key',
  severity: 'high',
  pattern: String.raw`\b(AIza[0-9A-Za-z_-]{35})${URL_SAFE_END}`,
  secretGroup: 1,
  keywords: ['aiza'],
  minEntropy: 3.5,
  verify: notPlaceholder,
  examples: {
    positive: [`const firebaseConfig = { apiKey: "${glue('AIza', 'x06UVZyvmbPkZyRHJouZrQV3xZAxjRM8mbT')}" };`],
    negative: [
      `apiKey: "${glue('AIza', 'x06UVZyvmbPkZyRHJouZrQV3xZAxjRM8mbTq')}"`,
      'apiKey: "AIzaSyXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX"',
    ],
  },
};

const gcpOauthClientSecret: SecretRule = {
  id: 'gcp-oauth-client-secret',
  name: 'Google OAuth client secret',
  description:
    'The secret of a Google OAuth 2.0 client (GOCSPX-…): with the client id it obtains tokens as the application.',
  provider: 'gcp',
  identityKind: 'service-account',
  credentialType: 'client-secret',
  severity: 'high',
  pattern: String.raw`\b(GOCSPX-[0-9A-Za-z_-]{28})${URL_SAFE_END}`,
  secretGroup: 1,
  keywords: ['gocspx-'],
  minEntropy: 3.5,
  examples: {
    positive: [`"client_secret": "${glue('GOCSPX-', 'gDIMRBZxjX_BpYconEG4ZgzWbmHG')}"`],
    negative: ['"client_secret": "GOCSPX-short"', `"client_secret": "GOCSPX-${'a'.repeat(28)}"`],
  },
};

const firebaseCloudMessagingKey: SecretRule = {
  id: 'firebase-cloud-messaging-key',
  name: 'Firebase Cloud Messaging server key',
  description:
    'A legacy Firebase Cloud Messaging server key (AAAA…:APA91b…): sends push notifications to every installation of the project’s apps.',
  provider: 'gcp',
  identityKind: 'api-key',
  credentialType: 'api-key',
  severity: 'high',
  pattern: String.raw`\b(AAAA[0-9A-Za-z_-]{7}:APA91b[0-9A-Za-z_-]{120,})${URL_SAFE_END}`,
  secretGroup: 1,
  keywords: ['apa91b'],
  minEntropy: 4,
  verify: notPlaceholder,
  examples: {
    positive: [
      `FCM_SERVER_KEY=${glue('AAAA', 'gIl0Ine:APA91b', 'WQRgurRQFua3lWiaO5nflsqcL39H8eNR9AObY3-1Vexk-HvQRYj6XRcylUbTDZhK_D9wt4W7fbr6ycGTI31aniTlk3bWjZdPH8eQ1Sdu1isVEkhXNsLXVqRpvX3hr6cS55M2du')}`,
    ],
    negative: [
      'FCM_SERVER_KEY=AAAAxxxxxxx:APA91b<server-key>',
      'registration_id = "APA91bHPRgkF3JUikC4ENAHEeMrd41Zxv3hVZjC9KtT8OvPVGJ"',
    ],
  },
};

const googleOauthAccessToken: SecretRule = {
  id: 'google-oauth-access-token',
  name: 'Google OAuth access token',
  description: 'A Google OAuth 2.0 access token (ya29.…): acts as the user or service account for about an hour.',
  provider: 'gcp',
  identityKind: 'token',
  credentialType: 'token',
  severity: 'medium',
  pattern: String.raw`\b(ya29\.[0-9A-Za-z_-]{30,})${URL_SAFE_END}`,
  secretGroup: 1,
  keywords: ['ya29.'],
  minEntropy: 4,
  examples: {
    positive: [
      `Authorization: Bearer ${glue('ya29.', 'JR1m4jfXuX8v_h2_1KZNUK9IKLdbFfu0XgOYgOjC29GFfm7sFog16pAgTtpU4r16H1UrLqE9oNTJIyJEyFzfhbIH2denCJjluEV99TARR_rjp5B42HXtVtPL')}`,
    ],
    negative: ['token = ya29.short', `token = ya29.${'a0'.repeat(30)}`],
  },
};

const googleOauthRefreshToken: SecretRule = {
  id: 'google-oauth-refresh-token',
  name: 'Google OAuth refresh token',
  description:
    'A Google OAuth 2.0 refresh token (1//0…): mints new access tokens for the user or application until it is revoked.',
  provider: 'gcp',
  identityKind: 'token',
  credentialType: 'token',
  severity: 'high',
  pattern: `(?:^|[^0-9A-Za-z/])(1//0[0-9A-Za-z_-]{40,})${URL_SAFE_END}`,
  secretGroup: 1,
  keywords: ['1//0'],
  minEntropy: 4,
  examples: {
    positive: [
      `"refresh_token": "${glue('1//0', 'x2Vm7Pkk3-7MbjNBkM_PKsCTPUpP4J4N6OCZFkUUdUYXyVXtwwl6KcChuLc2iNkQ')}"`,
    ],
    negative: ['see http://1//0 for details', 'url = "https://example.com/1//0abc"'],
  },
};

const azureStorageAccountKey: SecretRule = {
  id: 'azure-storage-account-key',
  name: 'Azure storage account key',
  description:
    'An Azure Storage account key in a connection string (AccountKey=…): full control of every blob, queue, table and file share in the account.',
  provider: 'azure',
  identityKind: 'access-key',
  credentialType: 'access-key',
  severity: 'critical',
  pattern: String.raw`(?:AccountName=([A-Za-z0-9]{3,24});[ \t]*)?AccountKey=([A-Za-z0-9+/]{86}==)${BASE64_END}`,
  secretGroup: 2,
  keywords: ['accountkey='],
  minEntropy: 4,
  identify: (_secret, groups) => {
    const account = groups[1];
    return account === undefined ? null : { type: 'account', provider: 'azure', account };
  },
  examples: {
    positive: [
      `AZURE_STORAGE_CONNECTION_STRING="DefaultEndpointsProtocol=https;AccountName=lumenfreightlogs;AccountKey=${glue('C+R6YSRQr/+jf0SaWl7dUbo11sFuWvPAX2LJh8NoMtwh6c9eOnzxT', 'BE8C4xJZwN9H+ZRl9CZgBrXJhEb8V5F1u==')};EndpointSuffix=core.windows.net"`,
    ],
    negative: [
      'DefaultEndpointsProtocol=https;AccountName=devstoreaccount1;AccountKey=<your-account-key>',
      'AccountKey=C+R6YSRQr/+jf0SaWl7dUbo11sFuWvPAX2LJh8NoMtwh6c9eO==',
    ],
  },
};

const azureSharedAccessKey: SecretRule = {
  id: 'azure-shared-access-key',
  name: 'Azure shared access key (Service Bus, Event Hubs, IoT Hub)',
  description:
    'A shared access key in an Azure Service Bus, Event Hubs, Relay or IoT Hub connection string: sends, listens or manages with the rights of its policy (RootManageSharedAccessKey can do everything).',
  provider: 'azure',
  identityKind: 'access-key',
  credentialType: 'access-key',
  severity: 'critical',
  pattern: String.raw`(?:Endpoint=sb://([A-Za-z0-9-]+)\.[A-Za-z0-9.-]+/?;[ \t]*)?SharedAccessKeyName=([^;"'\s]+);[ \t]*SharedAccessKey=([A-Za-z0-9+/]{43}=)${BASE64_END}`,
  secretGroup: 3,
  keywords: ['sharedaccesskey='],
  minEntropy: 4,
  identify: (_secret, groups) => {
    const policy = groups[2];
    if (policy === undefined) return null;
    const namespace = groups[1];
    return { type: 'account', provider: 'azure', account: namespace === undefined ? policy : `${namespace}/${policy}` };
  },
  examples: {
    positive: [
      `SERVICEBUS="Endpoint=sb://lumen-orders.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=${glue('1uPsHqIgtwaAtqkTIm97kMcy1', 'yl4Ae0/uNONZjN7iUj=')}"`,
      `HostName=lumen-iot.azure-devices.net;SharedAccessKeyName=iothubowner;SharedAccessKey=${glue('rnY7p4bW8ELo6bAtLWMRY', 'lGyzWoQNJ8Q5WlnsmqwxyZ=')}`,
    ],
    negative: [
      'Endpoint=sb://x.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=<key>',
      'SharedAccessKeyName=send;SharedAccessKey=tooShort=',
    ],
  },
};

const azureSasToken: SecretRule = {
  id: 'azure-sas-token',
  name: 'Azure shared access signature',
  description:
    'The signature (sig=) of an Azure Storage shared access signature URL or token: grants the permissions in sp= on the resources it names until se=.',
  provider: 'azure',
  identityKind: 'token',
  credentialType: 'token',
  severity: 'high',
  pattern: String.raw`sv=20[0-9]{2}-[0-9]{2}-[0-9]{2}&[^\s"'<>]*?sig=([A-Za-z0-9%+/]{40,}=?)`,
  secretGroup: 1,
  keywords: ['sig='],
  minEntropy: 3.5,
  verify: notPlaceholder,
  examples: {
    positive: [
      `https://lumenlogs.blob.core.windows.net/exports?sv=2022-11-02&ss=b&srt=co&sp=rl&se=2026-12-31T00:00:00Z&spr=https&sig=${glue('faE0slYM82jeDLGpE17lDUN', 'RBfuZhRw7Qx9Kp2%2BvL4%3D')}`,
    ],
    negative: ['https://x.blob.core.windows.net/c?sv=2022-11-02&sp=r&sig=<signature>', 'sig=abc&sv=2022-11-02'],
  },
};

const azureAdClientSecret: SecretRule = {
  id: 'azure-ad-client-secret',
  name: 'Microsoft Entra ID (Azure AD) client secret',
  description:
    'A client secret of a Microsoft Entra ID app registration (the 40-character …Q~… format): signs in as the application and its service principal.',
  provider: 'azure',
  identityKind: 'service-account',
  credentialType: 'client-secret',
  severity: 'critical',
  pattern: '(?:^|[^A-Za-z0-9_~.-])([A-Za-z0-9_~.-]{3}[0-9]Q~[A-Za-z0-9_~.-]{31,34})(?:[^A-Za-z0-9_~.-]|$)',
  secretGroup: 1,
  keywords: ['q~'],
  minEntropy: 3,
  verify: notPlaceholder,
  examples: {
    positive: [`AZURE_CLIENT_SECRET=${glue('Xk48Q~', 'e7lmDeup30jR2rAsX9Q0bZOFcHQyRN4nWA')}`],
    negative: ['AZURE_CLIENT_SECRET=abc8Q~short', `secret = "Xk48Q~${'x'.repeat(34)}"`],
  },
};

const azureClientSecretAssignment: SecretRule = {
  id: 'azure-client-secret-assignment',
  name: 'Azure client secret (assignment)',
  description:
    'A value assigned to AZURE_CLIENT_SECRET, ARM_CLIENT_SECRET or AAD_CLIENT_SECRET: the client secret of an Entra ID application in the older formats without Q~.',
  provider: 'azure',
  identityKind: 'service-account',
  credentialType: 'client-secret',
  severity: 'critical',
  pattern: assigned('(?:azure|arm|aad)[_.-]?client[_.-]?secret', '[A-Za-z0-9_~.+/=@:*?-]{24,64}'),
  caseInsensitive: true,
  secretGroup: 1,
  keywords: ['client_secret', 'client-secret', 'clientsecret', 'client.secret'],
  minEntropy: 3.5,
  verify: (secret) => !isPlaceholder(secret) && hasLettersAndDigits(secret) && !secret.includes('Q~'),
  examples: {
    positive: [`ARM_CLIENT_SECRET="${glue('Wq3@pL9z', '.Tk2*Vn8bXr5=Hc1Ye7?Mf4')}"`],
    negative: [
      'ARM_CLIENT_SECRET="${{ secrets.ARM_CLIENT_SECRET }}"',
      'AZURE_CLIENT_SECRET=your-client-secret-goes-here',
      `AZURE_CLIENT_SECRET=${glue('Xk48Q~', 'e7lmDeup30jR2rAsX9Q0bZOFcHQyRN4nWA')}`,
    ],
  },
};

const alibabaAccessKeyId: SecretRule = {
  id: 'alibaba-access-key-id',
  name: 'Alibaba Cloud AccessKey ID',
  description: 'An Alibaba Cloud AccessKey ID (LTAI…): names a RAM user’s key pair, whose secret is usually close by.',
  provider: 'alibaba',
  identityKind: 'access-key',
  credentialType: 'access-key',
  severity: 'high',
  pattern: String.raw`\b(LTAI[0-9A-Za-z]{12,20})\b`,
  secretGroup: 1,
  keywords: ['ltai'],
  minEntropy: 3,
  verify: notPlaceholder,
  identify: (secret) => ({ type: 'account', provider: 'alibaba', account: secret }),
  examples: {
    positive: [`ALIBABA_CLOUD_ACCESS_KEY_ID=${glue('LTAI5t', 'WLoIq6djAGnYvJZE')}`],
    negative: ['access_key_id = LTAIxxxxxxxxxxxxxxxx', 'ALTAI5tWLoIq6djAGnYvJZE'],
  },
};

/** Cloud provider credentials, most specific first. */
export const CLOUD_RULES: readonly SecretRule[] = [
  awsAccessKeyId,
  awsSecretAccessKey,
  awsSessionToken,
  gcpServiceAccountKey,
  gcpApiKey,
  firebaseCloudMessagingKey,
  gcpOauthClientSecret,
  googleOauthAccessToken,
  googleOauthRefreshToken,
  azureStorageAccountKey,
  azureSharedAccessKey,
  azureSasToken,
  azureAdClientSecret,
  azureClientSecretAssignment,
  alibabaAccessKeyId,
];
