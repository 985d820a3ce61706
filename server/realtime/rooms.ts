/** Every Socket.IO room name, built here and nowhere else. */
export const rooms = {
  /** The citizen's sockets for one conversation (several tabs, or a reconnect). */
  visitorOf: (conversationId: string) => `visitor:${conversationId}`,
  /** Every console socket of one agent. */
  agent: (agentId: string) => `agent:${agentId}`,
  /** Every console socket opened with one session, closed together when it ends. */
  session: (sessionId: string) => `session:${sessionId}`,
  /**
   * Everyone following one queue: in the agent namespace, the consoles that show it; in the
   * visitor namespace, the citizens waiting in it.
   */
  queue: (queueId: string) => `queue:${queueId}`,
  /** Consoles whose inbox shows one queue's left messages. */
  inbox: (queueId: string) => `inbox:${queueId}`,
  /** Consoles whose inbox shows every queue's (supervisors and managers). */
  inboxAll: () => 'inbox-all',
  /** Managers' consoles: they hear of account changes (public names proposed and decided among them). */
  managers: () => 'managers',
  /** Supervisors' and managers' consoles that subscribed to the supervision view. */
  supervision: () => 'supervision',
  /** Supervisors' and managers' consoles that opened the Rollout page (`rollout:state`). */
  rollout: () => 'rollout',
  /** Supervisors' and managers' consoles watching one conversation read-only. */
  watching: (conversationId: string) => `watching:${conversationId}`,
} as const;
