import type { Role } from '../../protocol/models.js';

/** Roles nest: a supervisor can do all an agent can, a manager all a supervisor can. */
const ROLE_RANK: Record<Role, number> = { agent: 1, supervisor: 2, manager: 3 };

export function hasRole(actual: Role, required: Role): boolean {
  return ROLE_RANK[actual] >= ROLE_RANK[required];
}
