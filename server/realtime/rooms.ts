/** Every Socket.IO room name, built here and nowhere else. */
export const rooms = {
  /** The citizen's sockets for one conversation (several tabs, or a reconnect). */
  visitorOf: (conversationId: string) => `visitor:${conversationId}`,
  /** Every console socket of one agent. */
  agent: (agentId: string) => `agent:${agentId}`,
  /** Every console socket opened with one session, closed together when it ends. */
  session: (sessionId: string) => `session:${sessionId}`,
  /** Consoles that show the waiting queue. */
  queueWatchers: () => 'queue-watchers',
} as const;
