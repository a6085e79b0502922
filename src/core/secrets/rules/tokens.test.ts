import RE2 from 're2';
import { describe, expect, it } from 'vitest';
import type { SecretRule } from '../secret-rule.js';
import { glue } from './shared.js';
import { type CompilePattern, expectSecrets, hintOf, positiveSecrets, ruleIn, secretsFound } from './testing.js';
import { TOKEN_RULES } from './tokens.js';

const re2: CompilePattern = (pattern, flags) => new RE2(pattern, flags);
const rule = (id: string): SecretRule => ruleIn(TOKEN_RULES, id);

function b64url(json: object): string {
  return Buffer.from(JSON.stringify(json), 'utf8').toString('base64url');
}

describe('JWT rule', () => {
  it('takes the three parts of each example token', () => {
    for (const [secret] of positiveSecrets(rule('jwt'), re2)) {
      expect(secret?.split('.')).toHaveLength(3);
    }
  });

  it('names the issuer and subject of an ordinary JWT', () => {
    expect(hintOf(rule('jwt'), 0, re2)).toEqual({
      type: 'jwt-subject',
      issuer: 'https://login.lumenfreight.example',
      subject: 'svc-invoicing',
    });
  });

  it('names the namespace and service account of a projected Kubernetes token', () => {
    expect(hintOf(rule('jwt'), 1, re2)).toEqual({
      type: 'k8s-service-account',
      namespace: 'payments',
      name: 'ledger-writer',
    });
  });

  it('names the namespace and service account of a legacy Kubernetes token', () => {
    expect(hintOf(rule('jwt'), 2, re2)).toEqual({ type: 'k8s-service-account', namespace: 'ci', name: 'deployer' });
  });

  it('names a service account from sub alone when the kubernetes.io claims are missing', () => {
    const token = [
      b64url({ alg: 'RS256' }),
      b64url({ sub: 'system:serviceaccount:ops:backup' }),
      'Q3mD0HfRIsPmdSju4b5X2jUd9XBKovKT',
    ].join('.');
    const r = rule('jwt');
    expect(r.identify?.(token, [token, token])).toEqual({
      type: 'k8s-service-account',
      namespace: 'ops',
      name: 'backup',
    });
  });

  it('rejects a three-part token whose header does not decode', () => {
    expect(
      secretsFound(rule('jwt'), 'token: eyJub3QganNvbiBhdCBhbGw.eyJzdWIiOiJ4In0.Q3mD0HfRIsPmdSju4b5X2jUd9X', re2),
    ).toEqual([]);
  });
});

describe('connection URI rules', () => {
  it('find the password, and only the password, in each example', () => {
    const expected: Record<string, string[]> = {
      'postgres-uri': [glue('Zq8v', 'K3mW9pLx2R7t'), glue('k%40v9', '-Zt3mQx')],
      'mysql-uri': [glue('t7#Kp2', 'vQ9z')],
      'mongodb-uri': [glue('Hx4nVw', '8cR2mq'), glue('Lq3', 'p9ZtB7')],
      'redis-uri': [glue('Vb7k2', 'Qx9mWz4')],
      'amqp-uri': [glue('Fp6wY', '3kTz8n')],
      'mssql-uri': [glue('Gz5!rT', '8wq2')],
      'url-credentials': [glue('Rk4vN8', 'qW2zXp7'), glue('Tq9#mL', '2xVr')],
    };
    for (const [id, secrets] of Object.entries(expected)) expectSecrets(rule(id), secrets, re2);
  });

  it('names the database user and host, never the password', () => {
    expect(hintOf(rule('postgres-uri'), 0, re2)).toEqual({
      type: 'database-user',
      user: 'ledger_app',
      host: 'db.prod-eu-1.lumenfreight.example',
    });
  });

  it('calls the user of a password-only Redis URI "default"', () => {
    expect(hintOf(rule('redis-uri'), 0, re2)).toEqual({
      type: 'database-user',
      user: 'default',
      host: 'cache.prod-eu-1.lumenfreight.example',
    });
  });

  it('decodes a percent-encoded user', () => {
    expect(hintOf(rule('url-credentials'), 1, re2)).toEqual({
      type: 'account',
      provider: 'smtp.lumenfreight.example',
      account: 'alerts@lumenfreight.example',
    });
  });

  it('takes a password containing @ up to the last @ before the host', () => {
    expect(secretsFound(rule('postgres-uri'), 'postgres://app:Kx9@vL2#q@db.internal:5432/app', re2)).toEqual([
      'Kx9@vL2#q',
    ]);
  });
});
