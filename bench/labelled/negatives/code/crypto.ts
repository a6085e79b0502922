import { createHash, createHmac } from 'node:crypto';

/** RFC 4231 test case 1: key and expected HMAC-SHA-256 (published test vectors). */
export const RFC4231_KEY = '0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b';
export const RFC4231_HMAC = 'b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7';

export const EMPTY_SHA1 = 'da39a3ee5e6b4b0d3255bfef95601890afd80709';
export const EMPTY_MD5 = 'd41d8cd98f00b204e9800998ecf8427e';

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export function sign(secret: string, payload: string): string {
  return createHmac('sha256', secret).update(payload).digest('base64url');
}

export const ICON_PNG_BASE64 = 'iVBORw0KGgoAAAANSUhEUpO6YxUQP1uiWwXhpAtiaFLjdFXODAfNEPOxnMaJ7EyAq3wVHvPNEq69n1aIWqJkAT60Wr/FKmQRLjh3wF8gHwsR2iF9sjQbTWwXjTMzNEcbpbx/b8YldNzMOUb3esrgUAlzdQTMs7/E7V/qF8KP';
export const SAMPLE_UUIDS = ['7fa1d751-1baf-4893-b672-0a901e1b8481', 'f5f91734-0cd3-4b1d-a4f1-2ffb09aae6a4'];
