/**
 * IAM policy documents in an import: core's reader (core/aws/policy-document.ts), with its
 * problems turned into errors that name the file, the document's place in it and the policy.
 */
import { isProblem, type PolicyDocument, readPolicyDocument } from '../../../core/aws/policy-document.js';
import { ImportInputError } from '../../../core/errors.js';
import type { SourceText } from '../../../core/inventory/import-batch.js';
import { formatPath } from '../parse-input.js';
import type { RawPolicyDocument } from './schema.js';

/** Where a policy document stands and what it is called, for error messages. */
export interface PolicyPlace {
  /** The path to the document in the file, e.g. `UserDetailList[2].UserPolicyList[0].PolicyDocument`. */
  place: string;
  /** The policy's name (`trust policy of role X` for trust policies). */
  policy: string;
}

/**
 * Reads one policy document of an import.
 *
 * @throws ImportInputError naming the document's place and the policy when it is not a valid IAM policy
 */
export function parsePolicyDocument(input: SourceText, raw: RawPolicyDocument, where: PolicyPlace): PolicyDocument {
  const read = readPolicyDocument(raw);
  if (!isProblem(read)) return read;
  const location = read.path.length === 0 ? where.place : `${where.place}.${formatPath(read.path)}`;
  throw new ImportInputError(input.name, location, `policy "${where.policy}" is malformed: ${read.problem}`);
}
