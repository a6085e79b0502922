/**
 * The frameworks posture findings map to: the OWASP Non-Human Identities Top 10
 * (2025) and NIST Cybersecurity Framework 2.0 subcategories. The codes are data
 * so that the dashboard, the docs and the exports all print the same titles.
 */
import { z } from 'zod';

/** OWASP Non-Human Identities Top 10 (2025): code → title. */
export const OWASP_NHI_TOP_10 = {
  NHI1: 'Improper Offboarding',
  NHI2: 'Secret Leakage',
  NHI3: 'Vulnerable Third-Party NHI',
  NHI4: 'Insecure Authentication',
  NHI5: 'Overprivileged NHI',
  NHI6: 'Insecure Cloud Deployment Configurations',
  NHI7: 'Long-Lived Secrets',
  NHI8: 'Environment Isolation',
  NHI9: 'NHI Reuse',
  NHI10: 'Human Use of NHI',
} as const;

/** A code of the OWASP NHI Top 10 (2025), e.g. `NHI7`. */
export type OwaspNhiCode = keyof typeof OWASP_NHI_TOP_10;

export const OWASP_NHI_CODES = Object.keys(OWASP_NHI_TOP_10) as [OwaspNhiCode, ...OwaspNhiCode[]];
export const OwaspNhiCodeSchema = z.enum(OWASP_NHI_CODES);

/**
 * The NIST CSF 2.0 subcategories Vigil's findings cite, with their outcome text.
 * Only subcategories a finding actually supports are listed; see docs/posture.md
 * for why each rule cites the ones it does.
 */
export const NIST_CSF_SUBCATEGORIES = {
  'GV.SC-07':
    'The risks posed by a supplier, their products and services, and other third parties are understood, recorded, prioritized, assessed, responded to, and monitored over the course of the relationship',
  'ID.AM-08': 'Systems, hardware, software, services, and data are managed throughout their life cycles',
  'PR.AA-01': 'Identities and credentials for authorized users, services, and hardware are managed by the organization',
  'PR.AA-03': 'Users, services, and hardware are authenticated',
  'PR.AA-04': 'Identity assertions are protected, conveyed, and verified',
  'PR.DS-01': 'The confidentiality, integrity, and availability of data-at-rest are protected',
  'PR.AA-05':
    'Access permissions, entitlements, and authorizations are defined in a policy, managed, enforced, and reviewed, and incorporate the principles of least privilege and separation of duties',
} as const;

/** A NIST CSF 2.0 subcategory id that Vigil cites, e.g. `PR.AA-01`. */
export type NistCsfId = keyof typeof NIST_CSF_SUBCATEGORIES;

export const NIST_CSF_IDS = Object.keys(NIST_CSF_SUBCATEGORIES) as [NistCsfId, ...NistCsfId[]];
export const NistCsfIdSchema = z.enum(NIST_CSF_IDS);
