/**
 * Graph snapshots: what `vigil graph build` keeps of each build (counts, the problems met, and
 * every identity's blast-radius score and administrator status), so that posture and the
 * dashboard can show trends and `vigil graph diff` can say how a change moved blast radius.
 */
import type { PolicyProblem } from '../aws/principals.js';

/** Whether an identity holds administrator rights, can become an administrator, or neither. */
export type AdminStatus = 'none' | 'equivalent' | 'escalates';

export interface GraphSnapshot {
  id: string;
  createdAt: string;
  actor: string;
  nodeCount: number;
  edgeCount: number;
  identityCount: number;
  /** Identities that hold administrator rights of some account or cluster. */
  adminEquivalent: number;
  /** Identities that can become administrators. */
  canEscalate: number;
  buildMs: number;
  problems: PolicyProblem[];
}

export interface IdentityScore {
  identityId: string;
  score: number;
  admin: AdminStatus;
}

/** One identity whose blast radius differs between two snapshots. */
export interface ScoreChange {
  identityId: string;
  /** `null`: not in that snapshot. */
  before: IdentityScore | null;
  after: IdentityScore | null;
  delta: number;
}

export interface SnapshotDiff {
  /** Identities that became administrators or able to become one. */
  newlyAdmin: ScoreChange[];
  /** Identities that no longer are. */
  noLongerAdmin: ScoreChange[];
  /** Every other change of score, largest increase first. */
  changed: ScoreChange[];
  /** Sums over all identities. */
  totalBefore: number;
  totalAfter: number;
}

/**
 * How blast radius moved from snapshot `before` to `after`.
 *
 * @example diffScores(await scores(a), await scores(b)).newlyAdmin.map((c) => c.identityId)
 */
export function diffScores(before: readonly IdentityScore[], after: readonly IdentityScore[]): SnapshotDiff {
  const old = new Map(before.map((score) => [score.identityId, score]));
  const now = new Map(after.map((score) => [score.identityId, score]));
  const ids = [...new Set([...old.keys(), ...now.keys()])].sort();
  const newlyAdmin: ScoreChange[] = [];
  const noLongerAdmin: ScoreChange[] = [];
  const changed: ScoreChange[] = [];
  for (const identityId of ids) {
    const a = old.get(identityId) ?? null;
    const b = now.get(identityId) ?? null;
    const delta = (b?.score ?? 0) - (a?.score ?? 0);
    const wasAdmin = a !== null && a.admin !== 'none';
    const isAdmin = b !== null && b.admin !== 'none';
    const change = { identityId, before: a, after: b, delta };
    if (isAdmin && !wasAdmin) newlyAdmin.push(change);
    else if (wasAdmin && !isAdmin) noLongerAdmin.push(change);
    else if (delta !== 0 || a?.admin !== b?.admin) changed.push(change);
  }
  changed.sort((x, y) => y.delta - x.delta || (x.identityId < y.identityId ? -1 : 1));
  const sum = (scores: readonly IdentityScore[]): number => scores.reduce((total, score) => total + score.score, 0);
  return { newlyAdmin, noLongerAdmin, changed, totalBefore: sum(before), totalAfter: sum(after) };
}
