/**
 * OpenSSH public-key fingerprints, as `ssh-keygen -l` prints them: `SHA256:` and the
 * unpadded base64 of the SHA-256 of the key blob. A secret scan that finds the private
 * key (or an `authorized_keys` line) can compute the same value and match the identity.
 */
import { createHash } from 'node:crypto';

/** A parsed OpenSSH public key line. */
export interface SshPublicKeyInfo {
  /** The key type the line names and the blob repeats (`ssh-ed25519`, `ssh-rsa`, …). */
  algorithm: string;
  /** `SHA256:<unpadded base64>`. */
  fingerprint: string;
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * Reads `<type> <base64 blob> [comment]` and fingerprints the blob; `null` when the text is
 * not an OpenSSH public key (bad base64, or a blob that does not start with its own type).
 *
 * @example sshPublicKeyFingerprint('ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI… deploy@ci')?.fingerprint // 'SHA256:…'
 */
export function sshPublicKeyFingerprint(line: string): SshPublicKeyInfo | null {
  const [algorithm, blob] = line.trim().split(/\s+/, 3);
  if (algorithm === undefined || blob === undefined || blob.length % 4 !== 0 || !BASE64.test(blob)) return null;
  const bytes = Buffer.from(blob, 'base64');
  // The blob starts with the key type as an SSH string: a 4-byte big-endian length, then the name.
  if (bytes.length < 4) return null;
  const nameLength = bytes.readUInt32BE(0);
  if (nameLength === 0 || nameLength > 64 || 4 + nameLength > bytes.length) return null;
  if (bytes.subarray(4, 4 + nameLength).toString('latin1') !== algorithm) return null;
  const digest = createHash('sha256').update(bytes).digest('base64').replace(/=+$/, '');
  return { algorithm, fingerprint: `SHA256:${digest}` };
}
