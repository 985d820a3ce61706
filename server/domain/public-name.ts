/**
 * The name citizens see for an agent (issue #10), the pure part: an agent proposes a first name or
 * an alias, a manager approves or declines it, and citizens read the approved one, or the generic
 * "an agent" in their language while none is. Never the account's display name or email: staff
 * in a contact centre should not have to show citizens their full name.
 *
 * States of a proposal: pending → approved (it becomes the public name, the proposal is done) or
 * pending → declined (kept so its owner reads why nothing changed; the approved name, if any,
 * stays). A new proposal replaces a pending or declined one. A manager's own proposal is decided
 * by another manager (as rollout changes are).
 */
import { publicNameProblem } from '../../protocol/public-name-rules.js';
import type { PublicNameDecision } from '../../protocol/public-name.js';
import { AppError } from './app-error.js';
import type { Agent } from './entities.js';

export { publicNameProblem } from '../../protocol/public-name-rules.js';

export interface PublicNameRequest {
  name: string;
  status: 'pending' | 'declined';
  proposedAt: number;
  decidedAt: number | null;
  /** The manager who declined it; null while pending. */
  decidedBy: string | null;
}

/** Kept on the account (`Agent.publicName`); absent on accounts from before public names: none. */
export interface PublicNameState {
  /** What citizens read; null: the generic "an agent". */
  approved: string | null;
  approvedAt: number | null;
  approvedBy: string | null;
  request: PublicNameRequest | null;
}

export const NO_PUBLIC_NAME: PublicNameState = { approved: null, approvedAt: null, approvedBy: null, request: null };

export function publicNameOf(agent: Pick<Agent, 'publicName'>): PublicNameState {
  return agent.publicName ?? NO_PUBLIC_NAME;
}

/**
 * The name citizens see for this agent: the approved public name, or null (they read "an agent"
 * in their language). Never the display name.
 */
export function citizenAgentName(agent: Pick<Agent, 'publicName'> | null): string | null {
  return agent === null ? null : publicNameOf(agent).approved;
}

/** Whether the account has a proposal waiting for a manager. */
export function hasPendingPublicName(agent: Pick<Agent, 'publicName'>): boolean {
  return publicNameOf(agent).request?.status === 'pending';
}

/**
 * The account with its owner's proposal waiting for a manager (the next version). The same account
 * when nothing changes: the same proposal pending already, or the approved name proposed again with
 * nothing pending. Proposing the approved name while another waits withdraws the other.
 */
export function proposedPublicName(agent: Agent, rawName: string, now: number): Agent {
  const name = rawName.trim();
  const problem = publicNameProblem(name);
  if (problem !== null) throw new AppError('invalid_payload', `This public name is not acceptable (${problem}).`);
  const state = publicNameOf(agent);
  if (state.request?.status === 'pending' && state.request.name === name) return agent;
  if (name === state.approved) {
    if (state.request === null) return agent;
    return { ...agent, publicName: { ...state, request: null }, version: agent.version + 1 };
  }
  const request: PublicNameRequest = { name, status: 'pending', proposedAt: now, decidedAt: null, decidedBy: null };
  return { ...agent, publicName: { ...state, request }, version: agent.version + 1 };
}

/**
 * The account once a manager decided on its pending proposal `name`. Refused when nothing is
 * pending or another name is (`not_pending`: the manager read an older proposal), and when the
 * manager decides on their own (`self_approval`).
 */
export function decidedPublicName(agent: Agent, decision: { name: string; decision: PublicNameDecision }, deciderId: string, now: number): Agent {
  if (agent.id === deciderId) throw new AppError('self_approval', 'Another manager decides on your own public name.');
  const state = publicNameOf(agent);
  const request = state.request;
  if (request === null || request.status !== 'pending' || request.name !== decision.name.trim()) {
    throw new AppError('not_pending', 'This proposal is no longer waiting for a decision.');
  }
  const next: PublicNameState =
    decision.decision === 'approve'
      ? { approved: request.name, approvedAt: now, approvedBy: deciderId, request: null }
      : { ...state, request: { ...request, status: 'declined', decidedAt: now, decidedBy: deciderId } };
  return { ...agent, publicName: next, version: agent.version + 1 };
}

/**
 * A public name approved when the account is made (the demo accounts, set up by whoever runs the
 * deployment; no manager decided it, so `approvedBy` is null). Refused when not acceptable.
 */
export function seededPublicName(rawName: string, now: number): PublicNameState {
  const name = rawName.trim();
  const problem = publicNameProblem(name);
  if (problem !== null) throw new AppError('invalid_payload', `This public name is not acceptable (${problem}).`);
  return { approved: name, approvedAt: now, approvedBy: null, request: null };
}

/** What the audit log keeps of a public name: the approved one and the proposal, no more. */
export function publicNameAuditView(agent: Pick<Agent, 'publicName'>): { approved: string | null; request: { name: string; status: string } | null } {
  const state = publicNameOf(agent);
  return { approved: state.approved, request: state.request === null ? null : { name: state.request.name, status: state.request.status } };
}
