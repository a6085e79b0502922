import RE2 from 're2';
import { describe, expect, it } from 'vitest';
import type { SecretRule } from '../secret-rule.js';
import { CLOUD_RULES } from './cloud.js';
import { glue } from './shared.js';
import { type CompilePattern, expectSecrets, hintOf as hintOfRule, ruleHits, ruleIn } from './testing.js';

const re2: CompilePattern = (pattern, flags) => new RE2(pattern, flags);
const rule = (id: string): SecretRule => ruleIn(CLOUD_RULES, id);
const hintOf = (id: string, index: number) => hintOfRule(rule(id), index, re2);

const GCP_KEY_START = '-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQ';

describe('cloud rules', () => {
  it('find the expected secrets in their examples', () => {
    const expected: Record<string, string[]> = {
      'aws-access-key-id': [glue('AKIA', '29326ML64LG2TJF8'), glue('ASIA', 'CZ2KA7EDCMPB3U2M')],
      'aws-secret-access-key': [
        'DL/ak6J0kGODKdinZnLXicaBAg8WY1jzIRlNQb0p',
        'rFmbh7+wy5yq1XoY1BaIMcAxYmfsB4HbQLXjjlAF',
        'DL/ak6J0kGODKdinZnLXicaBAg8WY1jzIRlNQb0p',
      ],
      'gcp-api-key': [glue('AIza', 'x06UVZyvmbPkZyRHJouZrQV3xZAxjRM8mbT')],
      'firebase-cloud-messaging-key': [
        glue(
          'AAAA',
          'gIl0Ine:APA91b',
          'WQRgurRQFua3lWiaO5nflsqcL39H8eNR9AObY3-1Vexk-HvQRYj6XRcylUbTDZhK_D9wt4W7fbr6ycGTI31aniTlk3bWjZdPH8eQ1Sdu1isVEkhXNsLXVqRpvX3hr6cS55M2du',
        ),
      ],
      'gcp-oauth-client-secret': [glue('GOCSPX-', 'gDIMRBZxjX_BpYconEG4ZgzWbmHG')],
      'google-oauth-access-token': [
        glue(
          'ya29.',
          'JR1m4jfXuX8v_h2_1KZNUK9IKLdbFfu0XgOYgOjC29GFfm7sFog16pAgTtpU4r16H1UrLqE9oNTJIyJEyFzfhbIH2denCJjluEV99TARR_rjp5B42HXtVtPL',
        ),
      ],
      'google-oauth-refresh-token': [glue('1//0', 'x2Vm7Pkk3-7MbjNBkM_PKsCTPUpP4J4N6OCZFkUUdUYXyVXtwwl6KcChuLc2iNkQ')],
      'azure-storage-account-key': [
        'C+R6YSRQr/+jf0SaWl7dUbo11sFuWvPAX2LJh8NoMtwh6c9eOnzxTBE8C4xJZwN9H+ZRl9CZgBrXJhEb8V5F1u==',
      ],
      'azure-shared-access-key': [
        '1uPsHqIgtwaAtqkTIm97kMcy1yl4Ae0/uNONZjN7iUj=',
        'rnY7p4bW8ELo6bAtLWMRYlGyzWoQNJ8Q5WlnsmqwxyZ=',
      ],
      'azure-sas-token': ['faE0slYM82jeDLGpE17lDUNRBfuZhRw7Qx9Kp2%2BvL4%3D'],
      'azure-ad-client-secret': [glue('Xk48Q~', 'e7lmDeup30jR2rAsX9Q0bZOFcHQyRN4nWA')],
      'azure-client-secret-assignment': ['Wq3@pL9z.Tk2*Vn8bXr5=Hc1Ye7?Mf4'],
      'alibaba-access-key-id': [glue('LTAI5t', 'WLoIq6djAGnYvJZE')],
    };
    for (const [id, secrets] of Object.entries(expected)) expectSecrets(rule(id), secrets, re2);
  });

  it('takes the whole session token, padding included', () => {
    const r = rule('aws-session-token');
    const [first, second] = r.examples.positive.map(
      (example) => ruleHits(r, example, re2).find((hit) => hit.accepted)?.secret ?? '',
    );
    expect(first).toMatch(/^IQoJb3JpZ2luX2Vj[A-Za-z0-9+/]{200}$/);
    expect(second).toMatch(/^FwoGZXIvYXdzEJr\/\/[A-Za-z0-9+/]{200}==$/);
  });

  it('takes the JSON-escaped PEM of a service-account key file, not the JSON around it', () => {
    const r = rule('gcp-service-account-key');
    for (const example of r.examples.positive.slice(0, 3)) {
      const secret = ruleHits(r, example, re2).find((hit) => hit.accepted)?.secret ?? '';
      expect(secret.startsWith(GCP_KEY_START)).toBe(true);
      expect(secret.endsWith('-----END PRIVATE KEY-----\\n')).toBe(true);
    }
  });

  it('takes the key of a service-account file kept, escaped again, in an environment variable', () => {
    const r = rule('gcp-service-account-key');
    const secret = ruleHits(r, r.examples.positive[3] ?? '', re2).find((hit) => hit.accepted)?.secret ?? '';
    expect(secret).toMatch(
      /^-----BEGIN PRIVATE KEY-----\\\\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC[\s\S]+-----END PRIVATE KEY-----\\\\n$/,
    );
    expect(hintOf('gcp-service-account-key', 3)).toEqual({
      type: 'gcp-service-account',
      email: 'deploy-bot@lumen-freight-prod.iam.gserviceaccount.com',
      projectId: 'lumen-freight-prod',
    });
  });

  it('names the IAM key of an AWS access key id', () => {
    expect(hintOf('aws-access-key-id', 0)).toEqual({
      type: 'aws-access-key-id',
      accessKeyId: glue('AKIA', '29326ML64LG2TJF8'),
    });
  });

  it('names the access key id written on the line before a secret access key', () => {
    expect(hintOf('aws-secret-access-key', 0)).toEqual({
      type: 'aws-access-key-id',
      accessKeyId: glue('AKIA', '29326ML64LG2TJF8'),
    });
  });

  it('names no key for a secret access key on its own', () => {
    expect(hintOf('aws-secret-access-key', 1)).toBeNull();
  });

  it('names the service account and project of a key file in Google’s field order', () => {
    expect(hintOf('gcp-service-account-key', 0)).toEqual({
      type: 'gcp-service-account',
      email: 'deploy-bot@lumen-freight-prod.iam.gserviceaccount.com',
      projectId: 'lumen-freight-prod',
    });
  });

  it('names the service account of a key file whose fields are sorted, taking the project from the e-mail', () => {
    expect(hintOf('gcp-service-account-key', 1)).toEqual({
      type: 'gcp-service-account',
      email: 'deploy-bot@lumen-freight-prod.iam.gserviceaccount.com',
      projectId: 'lumen-freight-prod',
    });
  });

  it('names no account for a private_key field without client_email', () => {
    expect(hintOf('gcp-service-account-key', 2)).toBeNull();
  });

  it('names the storage account of an Azure connection string', () => {
    expect(hintOf('azure-storage-account-key', 0)).toEqual({
      type: 'account',
      provider: 'azure',
      account: 'lumenfreightlogs',
    });
  });

  it('names the namespace and policy of a Service Bus key', () => {
    expect(hintOf('azure-shared-access-key', 0)).toEqual({
      type: 'account',
      provider: 'azure',
      account: 'lumen-orders/RootManageSharedAccessKey',
    });
  });

  it('rejects the AWS documentation key pair', () => {
    const ids = rule('aws-access-key-id');
    const secrets = rule('aws-secret-access-key');
    expect(ruleHits(ids, 'AKIAIOSFODNN7EXAMPLE', re2).filter((hit) => hit.accepted)).toEqual([]);
    expect(
      ruleHits(secrets, 'aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', re2).filter(
        (h) => h.accepted,
      ),
    ).toEqual([]);
  });
});
