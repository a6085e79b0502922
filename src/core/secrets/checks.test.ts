import { describe, expect, it } from 'vitest';
import {
  base62,
  crc32,
  decodeBase64Text,
  decodeJwt,
  githubChecksum,
  hasValidBech32Checksum,
  hasValidGithubChecksum,
  isBase64,
  isHex,
  parseJsonObject,
  pemHasBody,
} from './checks.js';

function b64url(value: object | string): string {
  return Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
}

describe('crc32', () => {
  it('matches the standard check value', () => {
    expect(crc32('123456789')).toBe(0xcbf43926);
  });

  it('is 0 for no input', () => {
    expect(crc32('')).toBe(0);
  });

  it('hashes strings as UTF-8', () => {
    expect(crc32('é')).toBe(crc32(new Uint8Array([0xc3, 0xa9])));
  });
});

describe('base62', () => {
  it('pads to the width asked for', () => {
    expect(base62(0, 6)).toBe('000000');
    expect(base62(61, 2)).toBe('0z');
    expect(base62(62, 2)).toBe('10');
  });
});

describe('GitHub token checksum', () => {
  it('matches a published test vector', () => {
    expect(githubChecksum('fIkRGaBu5PeKsznMzXQOg3kETH1Sgx')).toBe('2oIfSC');
  });

  it('accepts a token with the right checksum', () => {
    expect(hasValidGithubChecksum(['ghp', 'fIkRGaBu5PeKsznMzXQOg3kETH1Sgx2oIfSC'].join('_'))).toBe(true);
    expect(hasValidGithubChecksum(['npm', 'fIkRGaBu5PeKsznMzXQOg3kETH1Sgx2oIfSC'].join('_'))).toBe(true);
  });

  it('rejects a token with a corrupted checksum', () => {
    expect(hasValidGithubChecksum(['ghp', 'fIkRGaBu5PeKsznMzXQOg3kETH1Sgx2oIfSD'].join('_'))).toBe(false);
  });

  it('rejects a token with a corrupted random part', () => {
    expect(hasValidGithubChecksum(['ghp', 'fIkRGaBu5PeKsznMzXQOg3kETH1Sgy2oIfSC'].join('_'))).toBe(false);
  });

  it('rejects a token of the wrong length', () => {
    expect(hasValidGithubChecksum(['ghp', 'fIkRGaBu5PeKsznMzXQOg3kETH1Sgx2oIfS'].join('_'))).toBe(false);
  });

  it('rejects a token without a prefix', () => {
    expect(hasValidGithubChecksum('fIkRGaBu5PeKsznMzXQOg3kETH1Sgx2oIfSC')).toBe(false);
  });

  it('rejects a token with characters outside base 62', () => {
    expect(hasValidGithubChecksum(['ghp', 'fIkRGaBu5PeKsznMzXQOg3kETH1Sg-2oIfSC'].join('_'))).toBe(false);
  });
});

describe('Bech32 checksum', () => {
  it('accepts the BIP 173 test vectors', () => {
    expect(hasValidBech32Checksum('A12UEL5L')).toBe(true);
    expect(hasValidBech32Checksum('abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw')).toBe(true);
  });

  it('rejects a changed character', () => {
    expect(hasValidBech32Checksum('A12UEL5M')).toBe(false);
  });

  it('rejects mixed case', () => {
    expect(hasValidBech32Checksum('A12uEL5L')).toBe(false);
  });

  it('rejects characters outside the Bech32 alphabet', () => {
    expect(hasValidBech32Checksum('a1bbbbbbbb')).toBe(false);
  });
});

describe('base64 and hex', () => {
  it('recognise their alphabets', () => {
    expect(isBase64('aGVsbG8=')).toBe(true);
    expect(isBase64('aGVs-_bG8')).toBe(true);
    expect(isBase64('not base64!')).toBe(false);
    expect(isBase64('')).toBe(false);
    expect(isHex('DEADbeef')).toBe(true);
    expect(isHex('xyz')).toBe(false);
  });

  it('decode base64 and base64url text', () => {
    expect(decodeBase64Text('aGVsbG8=')).toBe('hello');
    expect(decodeBase64Text('aGVsbG8')).toBe('hello');
    expect(decodeBase64Text(b64url('é?>'))).toBe('é?>');
  });

  it('return null for an impossible length', () => {
    expect(decodeBase64Text('aGVsb')).toBeNull();
  });

  it('return null for bytes that are not UTF-8', () => {
    expect(decodeBase64Text(Buffer.from([0xff, 0xfe, 0xfd]).toString('base64'))).toBeNull();
  });
});

describe('parseJsonObject', () => {
  it('returns objects only', () => {
    expect(parseJsonObject('{"a":1}')).toEqual({ a: 1 });
    expect(parseJsonObject('[1]')).toBeNull();
    expect(parseJsonObject('"x"')).toBeNull();
    expect(parseJsonObject('{')).toBeNull();
  });
});

describe('decodeJwt', () => {
  const payload = b64url({ sub: 'svc', iss: 'https://issuer.example' });

  it('decodes a header that names its algorithm, and the payload', () => {
    const decoded = decodeJwt(`${b64url({ alg: 'RS256', typ: 'JWT' })}.${payload}.c2lnbmF0dXJl`);
    expect(decoded?.header.alg).toBe('RS256');
    expect(decoded?.payload).toEqual({ sub: 'svc', iss: 'https://issuer.example' });
  });

  it('rejects a header without alg', () => {
    expect(decodeJwt(`${b64url({ typ: 'JWT' })}.${payload}.c2ln`)).toBeNull();
  });

  it('rejects a header that is not JSON', () => {
    expect(decodeJwt(`${b64url('not json')}.${payload}.c2ln`)).toBeNull();
  });

  it('rejects a token without three parts', () => {
    expect(decodeJwt(`${b64url({ alg: 'HS256' })}.${payload}`)).toBeNull();
  });

  it('keeps a token whose payload is not JSON, with a null payload', () => {
    expect(decodeJwt(`${b64url({ alg: 'HS256' })}.${b64url('raw bytes')}.c2ln`)?.payload).toBeNull();
  });
});

describe('pemHasBody', () => {
  const body =
    'MIIEowIBAAKCAQEAPtYgjmUhBel31iEl2hpChYgCfrL1spNxnyVmihA/2O76UMFx\njORS/6ilI8ihN5KXSc7Tvo/hBKqFYY/kv5ZJr3J1TWDtkwtDDb+xHKas1VOqg6YY';

  it('accepts a PEM with a base64 body', () => {
    expect(pemHasBody(`-----BEGIN RSA PRIVATE KEY-----\n${body}\n-----END RSA PRIVATE KEY-----`)).toBe(true);
  });

  it('accepts a JSON-escaped PEM', () => {
    expect(
      pemHasBody(`-----BEGIN PRIVATE KEY-----\\n${body.replace('\n', '\\n')}\\n-----END PRIVATE KEY-----\\n`),
    ).toBe(true);
  });

  it('accepts an encrypted PEM with headers', () => {
    const pem = `-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,3F2A8C1E\n\n${body}\n-----END RSA PRIVATE KEY-----`;
    expect(pemHasBody(pem)).toBe(true);
  });

  it('rejects an elided body', () => {
    expect(pemHasBody('-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----')).toBe(false);
  });

  it('rejects a body that is too short to be a key', () => {
    expect(pemHasBody('-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----')).toBe(false);
  });

  it('rejects a body of one repeated character', () => {
    expect(pemHasBody(`-----BEGIN PRIVATE KEY-----\n${'A'.repeat(128)}\n-----END PRIVATE KEY-----`)).toBe(false);
  });

  it('rejects a body with characters outside base64', () => {
    expect(pemHasBody(`-----BEGIN PRIVATE KEY-----\n${body}\n<insert key here>\n-----END PRIVATE KEY-----`)).toBe(
      false,
    );
  });
});
