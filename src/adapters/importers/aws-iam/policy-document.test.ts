import { describe, expect, it } from 'vitest';
import { ImportInputError } from '../../../core/errors.js';
import { parsePolicyDocument } from './policy-document.js';

const input = { name: 'iam.json', text: '' };
const where = { place: 'RoleDetailList[0].AssumeRolePolicyDocument', policy: 'trust policy of role r' };

describe('parsePolicyDocument', () => {
  it('takes a single statement object and string fields', () => {
    const parsed = parsePolicyDocument(
      input,
      { Statement: { Effect: 'Deny', Action: 's3:*', NotResource: 'arn:aws:s3:::a' } },
      where,
    );
    expect(parsed.statements).toEqual([
      { effect: 'deny', actions: ['s3:*'], resources: [], notResources: ['arn:aws:s3:::a'], conditional: false },
    ]);
  });

  it('keeps URL-encoded text verbatim and decodes it', () => {
    const raw = '%7B%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Action%22%3A%22s3%3AGetObject%22%7D%5D%7D';
    const parsed = parsePolicyDocument(input, raw, where);
    expect(parsed.document).toBe(raw);
    expect(parsed.statements[0]?.actions).toEqual(['s3:GetObject']);
  });

  it('does not count an empty Condition as conditional', () => {
    const parsed = parsePolicyDocument(input, { Statement: [{ Effect: 'Allow', Action: '*', Condition: {} }] }, where);
    expect(parsed.statements[0]?.conditional).toBe(false);
  });

  it('rejects a document that is not an object', () => {
    expect(() => parsePolicyDocument(input, '%5B%5D', where)).toThrow(ImportInputError);
    expect(() => parsePolicyDocument(input, '%5B%5D', where)).toThrow(/expected a JSON object/);
  });

  it('rejects a Principal of the wrong shape', () => {
    expect(() =>
      parsePolicyDocument(
        input,
        { Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: ['x'] }] },
        where,
      ),
    ).toThrow(/AssumeRolePolicyDocument\.Statement\[0\]\.Principal: policy "trust policy of role r" is malformed/);
  });
});
