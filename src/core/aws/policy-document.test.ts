import { describe, expect, it } from 'vitest';
import { isProblem, type PolicyStatementJson, readPolicyDocument, summariseTrust } from './policy-document.js';

describe('readPolicyDocument', () => {
  it('reads URL-encoded text, JSON text and objects alike', () => {
    const object = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] };
    const json = JSON.stringify(object);
    for (const raw of [object, json, encodeURIComponent(json)]) {
      const read = readPolicyDocument(raw);
      expect(isProblem(read) ? read : read.statements).toEqual([
        { effect: 'allow', actions: ['s3:GetObject'], resources: ['*'], conditional: false },
      ]);
    }
  });

  it('says where a document breaks the grammar', () => {
    expect(
      readPolicyDocument({
        Statement: [
          { Effect: 'Allow', Action: '*' },
          { Effect: 'Permit', Action: '*' },
        ],
      }),
    ).toEqual({
      path: ['Statement', 1, 'Effect'],
      problem: 'expected "Allow" or "Deny"',
    });
    expect(readPolicyDocument('%E0%A4%A')).toMatchObject({ path: [], problem: expect.stringMatching(/bad % escape/) });
    expect(readPolicyDocument('{"Statement": ')).toMatchObject({ problem: 'the document is not valid JSON' });
    expect(readPolicyDocument({ Statement: { Effect: 'Allow' } })).toMatchObject({
      problem: 'expected exactly one of "Action" and "NotAction"',
    });
  });
});

describe('summariseTrust', () => {
  const statements = (principal: unknown, effect = 'Allow'): PolicyStatementJson[] => {
    const read = readPolicyDocument({
      Statement: [{ Effect: effect, Action: 'sts:AssumeRole', Principal: principal }],
    });
    if (isProblem(read)) throw new Error(read.problem);
    return read.rawStatements;
  };

  it('splits principals by kind and finds other accounts', () => {
    const trust = summariseTrust(
      statements({
        AWS: ['arn:aws:iam::210987654321:role/a', '999988887777', 'arn:aws:iam::111122223333:user/x'],
        Service: 'ec2.amazonaws.com',
      }),
      '210987654321',
    );
    expect(trust).toEqual({
      principals: {
        AWS: ['arn:aws:iam::210987654321:role/a', '999988887777', 'arn:aws:iam::111122223333:user/x'],
        Service: ['ec2.amazonaws.com'],
        Federated: [],
      },
      externalAccounts: ['999988887777', '111122223333'],
      federated: [],
      anyPrincipal: false,
    });
  });

  it('flags anyone', () => {
    expect(summariseTrust(statements('*'), '210987654321').anyPrincipal).toBe(true);
    expect(summariseTrust(statements({ AWS: '*' }), '210987654321').anyPrincipal).toBe(true);
  });

  it('lists federated providers', () => {
    const trust = summariseTrust(statements({ Federated: 'accounts.google.com' }), '210987654321');
    expect(trust.federated).toEqual(['accounts.google.com']);
  });

  it('ignores Deny statements', () => {
    expect(summariseTrust(statements({ AWS: '*' }, 'Deny'), '210987654321').anyPrincipal).toBe(false);
  });
});
