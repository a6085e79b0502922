import { describe, expect, it } from 'vitest';
import type { SecretFinding } from '../../core/secrets/secret-finding.js';
import { compileRules } from './compile-rules.js';
import { findEncodedValues } from './encoded-values.js';
import { TEST_RULES } from './fixtures/test-rules.js';
import { ChunkScanner, type ChunkSizes } from './read-chunks.js';

const TOKEN = 'tok_Ab3dE5gH7jK9mN1pQ3sT5vW7';
const PASSWORD = 'Hq7#vX2mK9pL4wZ';
const KEY_ID = 'AKTEST7QWERTYUIOP12Z';
const b64 = (text: string): string => Buffer.from(text).toString('base64');
const compiled = compileRules(TEST_RULES);

function scan(text: string, sizes?: ChunkSizes): SecretFinding[] {
  const findings: SecretFinding[] = [];
  const scanner = new ChunkScanner(compiled, sizes);
  scanner.start({ path: 'secret.yaml' }, (finding) => findings.push(finding));
  scanner.write(Buffer.from(text));
  scanner.end();
  return findings;
}

/** 1-based line and column of `needle` in `text`, in UTF-16 units as findings count them. */
function positionOf(text: string, needle: string): { line: number; column: number } {
  const at = text.indexOf(needle);
  const before = text.slice(0, at).split('\n');
  return { line: before.length, column: (before.at(-1)?.length ?? 0) + 1 };
}

const manifest = (data: string): string =>
  `apiVersion: v1\nkind: Secret\nmetadata:\n  name: app\ntype: Opaque\ndata:\n${data}`;

describe('findEncodedValues', () => {
  it('decodes the data of a YAML Secret, with the byte span of each encoded value', () => {
    const text = manifest(`  token: ${b64(TOKEN)}\n  password: "${b64(PASSWORD)}"\n`);
    const values = findEncodedValues(Buffer.from(text));
    expect(values.map((value) => [value.key, value.decoded, value.encoding])).toEqual([
      ['token', TOKEN, 'base64'],
      ['password', PASSWORD, 'base64'],
    ]);
    // Quotes are not part of the value.
    for (const value of values) {
      expect(text.slice(value.start, value.end)).toBe(b64(value.decoded));
    }
  });

  it('reads every document of a stream and the items of a JSON List', () => {
    const yaml = `${manifest(`  a: ${b64('first')}\n`)}---\n${manifest(`  b: ${b64('second')}\n`)}`;
    expect(findEncodedValues(Buffer.from(yaml)).map((value) => value.decoded)).toEqual(['first', 'second']);
    const json = JSON.stringify({
      apiVersion: 'v1',
      kind: 'List',
      items: [{ apiVersion: 'v1', kind: 'Secret', data: { c: b64('third') } }],
    });
    expect(findEncodedValues(Buffer.from(json)).map((value) => value.decoded)).toEqual(['third']);
  });

  it('leaves out other kinds, stringData, binary values and text that is not base64', () => {
    const text = [
      'kind: ConfigMap',
      'data:',
      `  a: ${b64('not a secret manifest')}`,
      '---',
      'kind: Secret',
      'stringData:',
      '  b: plain text is scanned as it is',
      'data:',
      '  keystore: AAECAwQFBgc=',
      '  broken: "not base64 at all!"',
      '  empty: ""',
      `  kept: ${b64('kept')}`,
      '',
    ].join('\n');
    expect(findEncodedValues(Buffer.from(text)).map((value) => value.key)).toEqual(['kept']);
  });

  it('joins a base64 value folded over lines', () => {
    const encoded = b64(`${TOKEN} and more text to make it long`);
    const text = manifest(`  folded: >-\n    ${encoded.slice(0, 20)}\n    ${encoded.slice(20)}\n`);
    expect(findEncodedValues(Buffer.from(text)).map((value) => value.decoded)).toEqual([
      `${TOKEN} and more text to make it long`,
    ]);
  });

  it('gives byte offsets when the text before a value is not ASCII', () => {
    const text = manifest(`  # clé de l’équipe ✓\n  token: ${b64(TOKEN)}\n`);
    const bytes = Buffer.from(text);
    const [value] = findEncodedValues(bytes);
    expect(value && bytes.toString('utf8', value.start, value.end)).toBe(b64(TOKEN));
  });

  it('passes over documents that do not parse, such as Helm templates, and keeps the rest', () => {
    const text = `kind: Secret\ndata:\n  a: {{ .Values.a | b64enc }}\n  b: [unclosed\n---\n${manifest(`  c: ${b64('ok')}\n`)}`;
    expect(() => findEncodedValues(Buffer.from(text))).not.toThrow();
    expect(findEncodedValues(Buffer.from(text)).map((value) => value.decoded)).toContain('ok');
  });
});

describe('scanning a Kubernetes Secret', () => {
  it('reports what the decoded values hold at the encoded values, marked base64', () => {
    const text = manifest(`  api: ${b64(TOKEN)}\n  DB_PASSWORD: ${b64(PASSWORD)}\n  id: ${b64(KEY_ID)}\n`);
    const findings = scan(text);
    expect(findings.map((finding) => [finding.ruleId, finding.encoding])).toEqual([
      ['test-token', 'base64'],
      ['test-generic-password', 'base64'],
      ['test-key-id', 'base64'],
    ]);
    const [token, password, keyId] = findings;
    expect(token?.location).toMatchObject({ ...positionOf(text, b64(TOKEN)), endLine: 7 });
    expect(token?.location.endColumn).toBe(positionOf(text, b64(TOKEN)).column + b64(TOKEN).length);
    expect(password?.location.line).toBe(8);
    // The decoded secret is what is redacted and fingerprinted, and what names the identity.
    expect(token?.redacted.startsWith('tok_')).toBe(true);
    expect(keyId?.identityHint).toEqual({ type: 'aws-access-key-id', accessKeyId: KEY_ID });
  });

  it('gives a secret the same fingerprint encoded or not', () => {
    const [encoded] = scan(manifest(`  api: ${b64(TOKEN)}\n`));
    const [plain] = scan(`api: ${TOKEN}\n`);
    expect(encoded?.fingerprint).toBe(plain?.fingerprint);
  });

  it('drops what the plain scan saw in the base64 text when the decoded value is no secret', () => {
    // The base64 of a placeholder is long and mixed enough to pass as a password by itself.
    const text = manifest(`  password: ${b64('changeme-changeme')}\n`);
    expect(scan(`password: ${b64('changeme-changeme')}\n`).map((finding) => finding.ruleId)).toEqual([
      'test-generic-password',
    ]);
    expect(scan(text)).toEqual([]);
  });

  it('honours vigil:allow on the manifest line', () => {
    const text = manifest(
      `  api: ${b64(TOKEN)}  # vigil:allow test fixture\n  other: ${b64(TOKEN.replace('A', 'B'))}\n`,
    );
    expect(scan(text).map((finding) => finding.location.line)).toEqual([8]);
  });

  it('does not decode a stream longer than one chunk (memory stays bounded)', () => {
    const sizes = { chunkSize: 1024, overlap: 128 };
    const short = manifest(`  api: ${b64(TOKEN)}\n`);
    expect(scan(short, sizes)).toHaveLength(1);
    expect(scan(`${short}# ${'padding '.repeat(200)}\n`, sizes)).toEqual([]);
  });
});

describe('hostile manifests', () => {
  const hostile: Record<string, string> = {
    'brackets nested a million deep': `kind: Secret\ndata: ${'['.repeat(1_000_000)}`,
    'braces nested deep': `kind: Secret\ndata: ${'{a: '.repeat(200_000)}`,
    'a block sequence nested deep': `kind: Secret\ndata:\n${'- '.repeat(400_000)}x`,
  };
  for (const [name, text] of Object.entries(hostile)) {
    it(`scans ${name} as plain text, without parsing it`, () => {
      const started = performance.now();
      expect(scan(text)).toEqual([]);
      // Parsing these would take seconds; the nesting check takes milliseconds.
      expect(performance.now() - started).toBeLessThan(1000);
    });
  }

  it('decodes a manifest of up to 1 MiB, and not a larger one', () => {
    const secret = manifest(`  api: ${b64(TOKEN)}\n`);
    const padded = (size: number): string => `${secret}# ${'x'.repeat(size - secret.length - 3)}\n`;
    expect(scan(padded(1024 * 1024))).toHaveLength(1);
    expect(scan(padded(1024 * 1024 + 1))).toEqual([]);
  });
});

describe('kubeconfig files', () => {
  it("decodes a user's client-key-data, and not the certificates", () => {
    const key = `-----BEGIN TEST PRIVATE KEY-----\n${'QUJDREVGR0hJSktMTU5PUA=='.repeat(3)}\n${'cXJzdHV2d3h5eg=='.repeat(4)}\n-----END TEST PRIVATE KEY-----\n`;
    const text = [
      'apiVersion: v1',
      'kind: Config',
      'clusters:',
      '  - name: prod',
      '    cluster:',
      `      certificate-authority-data: ${b64('-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n')}`,
      'users:',
      '  - name: admin',
      '    user:',
      `      client-certificate-data: ${b64('-----BEGIN CERTIFICATE-----\nMIIC\n-----END CERTIFICATE-----\n')}`,
      `      client-key-data: ${b64(key)}`,
      '',
    ].join('\n');
    expect(findEncodedValues(Buffer.from(text)).map((value) => value.key)).toEqual(['client-key-data']);
    expect(scan(text).map((finding) => [finding.ruleId, finding.location.line, finding.encoding])).toEqual([
      ['test-private-key', 11, 'base64'],
    ]);
  });
});
