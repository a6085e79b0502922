/** Patterns our pre-commit hook uses to block obvious credentials. */
export const PATTERNS: Record<string, RegExp> = {
  githubClassic: /ghp_[A-Za-z0-9]{36}/,
  stripeLive: /sk_live_[0-9a-zA-Z]{24,99}/,
  awsKeyId: /(?:AKIA|ASIA)[A-Z2-7]{16}/,
  slackBot: /xoxb-[0-9]{10,13}-[0-9]{10,13}-[A-Za-z0-9]{24}/,
  privateKey: /-----BEGIN (?:RSA |EC |OPENSSH )?PRIVATE KEY-----/,
};

export const PEM_HEADER = '-----BEGIN PRIVATE KEY-----';
export const PEM_FOOTER = '-----END PRIVATE KEY-----';

export function looksLikeGithubToken(value: string): boolean {
  return value.startsWith('ghp_') || value.startsWith('github_pat_');
}

export function isPrivateKey(pem: string): boolean {
  return pem.includes('-----BEGIN RSA PRIVATE KEY-----') || pem.includes('-----BEGIN OPENSSH PRIVATE KEY-----');
}
