import RE2 from 're2';
import { describe, expect, it } from 'vitest';
import type { SecretRule } from '../secret-rule.js';
import { GENERIC_RULES } from './generic.js';
import { glue } from './shared.js';
import { type CompilePattern, expectSecrets, hintOf, ruleIn, secretsFound } from './testing.js';

const re2: CompilePattern = (pattern, flags) => new RE2(pattern, flags);
const rule = (id: string): SecretRule => ruleIn(GENERIC_RULES, id);

describe('generic rules', () => {
  it('find the expected secrets in their examples', () => {
    const expected: Record<string, string[]> = {
      'generic-password': [
        glue('Lum3n', '!Fr8ght-2026'),
        glue('x9#kT2', 'qLm4vW'),
        glue('Vb7k2Qx9', 'mWz4aP'),
        glue('hY6$eR', '3nQ8pZ'),
        glue('Tr0ub4', 'dor#3x'),
        glue('Gz5!rT', '8wq2'),
      ],
      'generic-api-key': [
        glue('qyDwyKVCPQdp', 'AeCiQZEBgTQq'),
        glue('OjHOEpjkvnMVp2Kh', 'mhFuaSQ4tRmW6I6L'),
        glue('6BREcc1M/9+ntbv+6cUA', '4stX9aBqsIVg5hUjp1UC'),
        glue('jCbcmoU6XP', 'PDf7JG7Ry8'),
      ],
      'generic-secret': [glue('Cr5nUUH30Cux', 'EQloc733YNHMxDve'), glue('IOw0UIwXP2mY', 'yNoby9oRIDlRlaNwJo')],
      'generic-token': [glue('abU2uTMRGK', 'IZ4h1HXe0CeUYImdFHS0l8kW'), glue('Cr5nUUH30Cux', 'EQloc733YNHMxDve')],
      'generic-bearer-token': [glue('OjHOEpjkvnMVp2Kh', 'mhFuaSQ4tRmW6I6L'), glue('qyDwyKVCPQdp', 'AeCiQZEBgTQq')],
      'generic-basic-auth': [glue('bHVtZW4tY2k6WnE4dkszbV', 'c5cEx4MlI3dA==')],
      'generic-xml-credential': [glue('mV8$qZ2', 'kLp5wR')],
      'generic-config-add-key': [glue('pQ7#nW2', 'xZ9kLm')],
      'netrc-password': [glue('Rk4vN8', 'qW2zXp7')],
    };
    for (const [id, secrets] of Object.entries(expected)) expectSecrets(rule(id), secrets, re2);
  });

  it('are all generic, so that a specific rule matching the same text wins', () => {
    for (const r of GENERIC_RULES) expect(r.provider).toBe('generic');
  });

  it.each([
    ['a .env line', 'API_TOKEN=Zq8vK3mW9pLx2R7tQ4nB'],
    ['a shell export', "export API_TOKEN='Zq8vK3mW9pLx2R7tQ4nB'"],
    ['YAML', 'api_token: Zq8vK3mW9pLx2R7tQ4nB'],
    ['JSON', '{"api_token": "Zq8vK3mW9pLx2R7tQ4nB"}'],
    ['a properties file', 'service.api_token=Zq8vK3mW9pLx2R7tQ4nB'],
    ['TOML', 'api_token = "Zq8vK3mW9pLx2R7tQ4nB"'],
    ['Go', 'cfg := Config{APIToken: "Zq8vK3mW9pLx2R7tQ4nB"}'],
    ['Ruby or PHP', "'api_token' => 'Zq8vK3mW9pLx2R7tQ4nB',"],
    ['a Python default', 'os.environ.get("API_TOKEN", "Zq8vK3mW9pLx2R7tQ4nB")'],
    ['a query string', 'https://api.lumenfreight.example/v1?api_token=Zq8vK3mW9pLx2R7tQ4nB&page=2'],
    ['a JavaScript fallback', "const API_TOKEN = process.env.API_TOKEN ?? 'Zq8vK3mW9pLx2R7tQ4nB';"],
    ['a Python fallback', 'API_TOKEN = os.environ.get("API_TOKEN") or "Zq8vK3mW9pLx2R7tQ4nB"'],
  ])('find a token in %s', (_label, text) => {
    expect(secretsFound(rule('generic-token'), text, re2)).toEqual(['Zq8vK3mW9pLx2R7tQ4nB']);
  });

  it('keep a hash in a password field out, but a hex key in a key field in', () => {
    expect(secretsFound(rule('generic-password'), 'password: 9b74c9897bac770ffc029102a200c5de', re2)).toEqual([]);
    expect(secretsFound(rule('generic-api-key'), 'api_key: 9b74c9897bac770ffc029102a200c5de', re2)).toEqual([
      '9b74c9897bac770ffc029102a200c5de',
    ]);
  });

  it('keep encrypted values out (Jasypt, Maven, Ansible Vault)', () => {
    expect(
      secretsFound(rule('generic-xml-credential'), '<password>ENC(G6N718UuyPE5bHyWKyuLQSm02auQPUtm)</password>', re2),
    ).toEqual([]);
    expect(secretsFound(rule('generic-password'), 'password: !vault |', re2)).toEqual([]);
  });

  it('name the host and login of a .netrc entry', () => {
    expect(hintOf(rule('netrc-password'), 0, re2)).toEqual({
      type: 'account',
      provider: 'api.heroku.com',
      account: 'ops@lumenfreight.example',
    });
  });

  it('name the user of Basic credentials', () => {
    expect(hintOf(rule('generic-basic-auth'), 0, re2)).toEqual({
      type: 'account',
      provider: 'http-basic',
      account: 'lumen-ci',
    });
  });
});
