import { describe, expect, it } from 'vitest';
import { parseIamArn, principalAccount } from './arn.js';

describe('parseIamArn', () => {
  it('splits a user ARN with a path', () => {
    expect(parseIamArn('arn:aws:iam::210987654321:user/service/svc-reporting')).toEqual({
      partition: 'aws',
      service: 'iam',
      account: '210987654321',
      resourceType: 'user',
      path: '/service/',
      name: 'svc-reporting',
    });
  });

  it('reads AWS-managed policies, the root and other partitions', () => {
    expect(parseIamArn('arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole')).toMatchObject({
      account: 'aws',
      path: '/service-role/',
      name: 'AWSLambdaBasicExecutionRole',
    });
    expect(parseIamArn('arn:aws:iam::210987654321:root')).toMatchObject({ resourceType: 'root', name: 'root' });
    expect(parseIamArn('arn:aws-us-gov:iam::210987654321:role/r')?.partition).toBe('aws-us-gov');
  });

  it.each([
    '',
    'arn:aws:s3:::bucket',
    'arn:aws:iam::12345:user/x',
    'arn:aws:iam:eu-west-1:210987654321:user/x',
    'user/x',
  ])('refuses %j', (value) => {
    expect(parseIamArn(value)).toBeNull();
  });
});

describe('principalAccount', () => {
  it('reads account ids from ARNs and bare ids', () => {
    expect(principalAccount('999988887777')).toBe('999988887777');
    expect(principalAccount('arn:aws:iam::999988887777:root')).toBe('999988887777');
    expect(principalAccount('arn:aws:sts::999988887777:assumed-role/r/s')).toBe('999988887777');
    expect(principalAccount('*')).toBeNull();
    expect(principalAccount('ec2.amazonaws.com')).toBeNull();
  });
});
