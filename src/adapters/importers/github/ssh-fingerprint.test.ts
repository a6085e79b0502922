import { describe, expect, it } from 'vitest';
import { sshPublicKeyFingerprint } from './ssh-fingerprint.js';

// Throwaway public keys; the expected values are what `ssh-keygen -l -f key.pub` printed.
const ED25519 = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOHX+n3mVBKW+tzGgGBDG/eiJTPtWDUqn7HQx/9gQ5re';
const RSA =
  'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABgQC3t1AW9s4DDVByBGQ4uBTEPTF3h8T/pHqUah4+Al5Io0TAVUPlpUPDDjkfzeUSi16eVDA2ACneW85o5v7nZh2r8VgcKMdsdBjdQgWAhLKQg79iI0KFkk+vEZaxIASpwICTObhVBd5xSrGXHr0qNKRYgqz+10P1nqiUXHBeTiZD+mxc2h9pJv8ZQmYt45slwx9WAR8RN0iBlbxYrryqIqVfLnPkOMCdQtyjb5TGLfoaUcXkfdC4TsA45Cd8V0xIWy3Ip/GT2qq1IjNi2zF5MNrMrhudIWypaC7OIJx5yXQu73uwxUVgoROUw0ZMYLSPwzpSn97R3epDWPXa9yO36K07waUozwx9HTuWI0gAwfmgwPdcj/+SQEy6Bp4RhC9RhjRsHWhk8f12T5Ue77KZhb9wNp2xz5LkD+wYgMu8GHNnhQt3cKaNXWcXrsm4PqDfScxQY1fkvi97Wj6e+2WxyZ0HQFp3zQYmGZcj6ECK+crfA7EpfQ0C0KWrJ7Hw8rPcyBE=';

describe('sshPublicKeyFingerprint', () => {
  it('matches ssh-keygen for an Ed25519 key', () => {
    expect(sshPublicKeyFingerprint(ED25519)).toEqual({
      algorithm: 'ssh-ed25519',
      fingerprint: 'SHA256:hj5plo4bkozOp4pJiCh4WaKnDrmsNcvV45C8tPJcnV4',
    });
  });

  it('matches ssh-keygen for an RSA key', () => {
    expect(sshPublicKeyFingerprint(RSA)?.fingerprint).toBe('SHA256:9kBRp121P4fCnPZueBmeZ1sAj1gydkD91NHpwQutPr4');
  });

  it('ignores a trailing comment and surrounding space', () => {
    expect(sshPublicKeyFingerprint(`  ${ED25519} deploy@ci \n`)?.fingerprint).toBe(
      'SHA256:hj5plo4bkozOp4pJiCh4WaKnDrmsNcvV45C8tPJcnV4',
    );
  });

  it('rejects text that is not base64', () => {
    expect(sshPublicKeyFingerprint('ssh-ed25519 not*base64')).toBeNull();
  });

  it('rejects a blob whose type differs from the type the line names', () => {
    expect(sshPublicKeyFingerprint(ED25519.replace('ssh-ed25519', 'ssh-rsa'))).toBeNull();
  });

  it('rejects a line without a blob', () => {
    expect(sshPublicKeyFingerprint('ssh-ed25519')).toBeNull();
  });
});
