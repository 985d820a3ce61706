/**
 * The compiler holds the socket contract: the event maps and command schemas in protocol/ type
 * both the server's handlers (server/realtime/command-router.ts, `CommandTable`) and the clients'
 * commands (delivery/command.ts, `sendCommand`, which the chat app and the console both go through).
 *
 * Most of this file is checked by `tsc` (`npm run typecheck` checks test/ with test/tsconfig.json),
 * not by running it: each `// @ts-expect-error` line must fail to compile, so if a change makes a
 * wrong form compile again, the unused directive fails the type check. Each wrong form sits beside
 * the right form, which must compile. The type-level code sits in functions no test calls; the
 * values it names are `declare`d and never read at run time.
 *
 * The last test does at run time what the issue claims: it copies the code into a temporary
 * folder, renames one payload field per namespace in the copied protocol/, type-checks the copy
 * with the server's, the widget's and the console's own tsconfig, and expects new errors in each.
 *
 * Where the contract does not bind today (a handler may answer fields beyond its acknowledgement),
 * the "gaps" test says so: it compiles today and should not; when the gap is closed, turn it into a
 * `@ts-expect-error`.
 */
import type { RedactionKind } from '../../protocol/privacy.js';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import type { z } from 'zod';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  sendCommand,
  type CommandName,
  type CommandResult,
  type CommandSocket,
  type PayloadOf,
} from '../../delivery/command.js';
import type { CommandErrorCode } from '../../delivery/failure.js';
import {
  AGENT_COMMAND_SCHEMAS,
  AgentMessageSendSchema,
  AgentMessagesSinceSchema,
  AgentSetStatusSchema,
  ConversationRefSchema,
  ConversationTransferSchema,
  ConversationWrapUpSchema,
  type AgentClientEvents,
} from '../../protocol/agent-events.js';
import { AccountCreateSchema, AccountUpdateSchema, type AccountView, type PasswordLinkView } from '../../protocol/accounts.js';
import {
  QueueUpdateSchema,
  SiteCreateSchema,
  SiteUpdateSchema,
  type QueueAdminView,
  type SiteAdminView,
  type SiteOriginCheck,
} from '../../protocol/admin.js';
import type { TransferAgentTarget, TransferQueueTarget } from '../../protocol/agent-tools.js';
import { HistorySearchSchema, type HistoryOpenResult, type HistorySearchResult } from '../../protocol/history.js';
import { RolloutLiveSchema, RolloutPreviewSchema, type RolloutLiveResult, type RolloutPreviewResult } from '../../protocol/rollout-offer.js';
import { exactCommandSchemas, type CommandSchemas } from '../../protocol/command-schemas.js';
import type { AckFields } from '../../protocol/error-codes.js';
import type { AgentConversation, Message, Role, VisitorConversation } from '../../protocol/models.js';
import { AgentSetLimitSchema, SupervisionWatchSchema, type SupervisedAgent, type SupervisionSnapshot } from '../../protocol/supervision.js';
import {
  ConversationStartSchema,
  VISITOR_COMMAND_SCHEMAS,
  VisitorMessageSendSchema,
  VisitorSyncSchema,
  type VisitorClientEvents,
} from '../../protocol/visitor-events.js';
import type { Agent } from '../../server/domain/entities.js';
import type { RatePolicy } from '../../server/domain/rate-limit.js';
import type { CommandTable } from '../../server/realtime/command-router.js';
import { AGENT_COMMAND_RATES, ROLLOUT_COMMAND_RATES } from '../../server/domain/rate-policies.js';
import {
  RolloutAuditSchema,
  RolloutProposeSchema,
  type AuditEntryView,
  type RolloutChangeView,
  type RolloutPolicyView,
  type RolloutSettings,
  type RolloutState,
} from '../../protocol/rollout.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

// Type-level stand-ins: only named inside functions that no test calls, never read at run time.
declare const message: Message;
declare const visitorConversation: VisitorConversation;
declare const agentConversation: AgentConversation;
declare const supervisedAgent: SupervisedAgent;
declare const socket: CommandSocket;
const rate: RatePolicy = { capacity: 1, refillPerSecond: 1 };

/** The visitor namespace's handler table, as server/realtime/visitor-namespace.ts declares it. */
type VisitorTable = CommandTable<VisitorClientEvents, typeof VISITOR_COMMAND_SCHEMAS, { conversationId: string }>;
/** The agent namespace's handler table, as server/realtime/agent-namespace.ts declares it. */
type AgentTable = CommandTable<AgentClientEvents, typeof AGENT_COMMAND_SCHEMAS, Agent, { requires: Role }>;

/** A client's one way to send a command, written as the chat app and the console write theirs. */
const visitorCommand = <E extends CommandName<VisitorClientEvents>>(event: E, payload: PayloadOf<VisitorClientEvents, E>) =>
  sendCommand<VisitorClientEvents, E>(socket, event, payload, 1000);
const agentCommand = <E extends CommandName<AgentClientEvents>>(event: E, payload: PayloadOf<AgentClientEvents, E>) =>
  sendCommand<AgentClientEvents, E>(socket, event, payload, 1000);

describe('the server: a CommandTable is typed by the event map and the schemas registered for it', () => {
  it('types each handler’s payload from its event’s registered schema and its result from the event’s acknowledgement', () => {
    type Send = VisitorTable['message:send'];
    expectTypeOf<Parameters<Send['run']>[1]>().toEqualTypeOf<z.output<typeof VisitorMessageSendSchema>>();
    expectTypeOf<Parameters<Send['run']>[1]>().toHaveProperty('clientId');
    expectTypeOf<ReturnType<Send['run']>>().resolves.toEqualTypeOf<AckFields<VisitorClientEvents['message:send']>>();
    expectTypeOf<AckFields<VisitorClientEvents['message:send']>>().toEqualTypeOf<{ message: Message; redacted: RedactionKind[] }>();

    type Accept = AgentTable['conversation:accept'];
    expectTypeOf<Parameters<Accept['run']>[1]>().toEqualTypeOf<z.output<typeof ConversationRefSchema>>();
    expectTypeOf<Parameters<Accept['run']>[0]>().toEqualTypeOf<Agent>();
    expectTypeOf<ReturnType<Accept['run']>>().resolves.toEqualTypeOf<{ conversation: AgentConversation }>();
    expectTypeOf<Accept>().toHaveProperty('requires');

    type Preview = AgentTable['rollout:preview'];
    expectTypeOf<Parameters<Preview['run']>[1]>().toEqualTypeOf<z.output<typeof RolloutPreviewSchema>>();
    expectTypeOf<ReturnType<Preview['run']>>().resolves.toEqualTypeOf<{ preview: RolloutPreviewResult }>();
    expectTypeOf<Preview>().toHaveProperty('requires');
    expectTypeOf<ReturnType<AgentTable['rollout:live']['run']>>().resolves.toEqualTypeOf<{ live: RolloutLiveResult }>();
    type SetLimit = AgentTable['agent:set-limit'];
    expectTypeOf<Parameters<SetLimit['run']>[1]>().toEqualTypeOf<z.output<typeof AgentSetLimitSchema>>();
    expectTypeOf<Parameters<SetLimit['run']>[1]>().toEqualTypeOf<{ agentId: string; maxConcurrentChats: number }>();
    expectTypeOf<ReturnType<SetLimit['run']>>().resolves.toEqualTypeOf<{ agent: SupervisedAgent }>();
    type Watch = AgentTable['supervision:watch'];
    expectTypeOf<Parameters<Watch['run']>[1]>().toEqualTypeOf<z.output<typeof SupervisionWatchSchema>>();
    expectTypeOf<ReturnType<Watch['run']>>().resolves.toEqualTypeOf<{ conversation: AgentConversation }>();
    expectTypeOf<ReturnType<AgentTable['supervision:subscribe']['run']>>().resolves.toEqualTypeOf<{ supervision: SupervisionSnapshot }>();
    expectTypeOf<Parameters<AgentTable['supervision:chats']['run']>[1]>().toEqualTypeOf<{ queueId: string } | { agentId: string }>();
    expectTypeOf<AgentTable['supervision:unwatch']>().toHaveProperty('requires');
    type Transfer = AgentTable['conversation:transfer'];
    expectTypeOf<Parameters<Transfer['run']>[1]>().toEqualTypeOf<z.output<typeof ConversationTransferSchema>>();
    expectTypeOf<Parameters<Transfer['run']>[1]['to']>().toEqualTypeOf<{ kind: 'agent'; agentId: string } | { kind: 'queue'; queueId: string }>();
    expectTypeOf<ReturnType<Transfer['run']>>().resolves.toEqualTypeOf<{ conversation: AgentConversation }>();
    type Targets = AgentTable['agents:transfer-targets'];
    expectTypeOf<Parameters<Targets['run']>[1]>().toEqualTypeOf<z.output<typeof ConversationRefSchema>>();
    expectTypeOf<ReturnType<Targets['run']>>().resolves.toEqualTypeOf<{ agents: TransferAgentTarget[]; queues: TransferQueueTarget[] }>();
    type WrapUp = AgentTable['conversation:wrap-up'];
    expectTypeOf<Parameters<WrapUp['run']>[1]>().toEqualTypeOf<z.output<typeof ConversationWrapUpSchema>>();
    expectTypeOf<ReturnType<WrapUp['run']>>().resolves.toEqualTypeOf<{ conversation: AgentConversation }>();
    type CreateAccount = AgentTable['admin:accounts:create'];
    expectTypeOf<Parameters<CreateAccount['run']>[1]>().toEqualTypeOf<z.output<typeof AccountCreateSchema>>();
    expectTypeOf<ReturnType<CreateAccount['run']>>().resolves.toEqualTypeOf<{ account: AccountView; link: PasswordLinkView }>();
    type UpdateAccount = AgentTable['admin:accounts:update'];
    expectTypeOf<Parameters<UpdateAccount['run']>[1]>().toEqualTypeOf<z.output<typeof AccountUpdateSchema>>();
    expectTypeOf<ReturnType<AgentTable['admin:accounts:list']['run']>>().resolves.toEqualTypeOf<{ accounts: AccountView[] }>();
    expectTypeOf<ReturnType<AgentTable['admin:accounts:reset-password']['run']>>().resolves.toEqualTypeOf<{ account: AccountView; link: PasswordLinkView }>();
    expectTypeOf<ReturnType<AgentTable['admin:accounts:reactivate']['run']>>().resolves.toEqualTypeOf<{ account: AccountView; link: PasswordLinkView }>();
    expectTypeOf<Parameters<AgentTable['account:change-password']['run']>[1]>().toEqualTypeOf<{ currentPassword: string; newPassword: string }>();
    type HistorySearchCommand = AgentTable['history:search'];
    expectTypeOf<Parameters<HistorySearchCommand['run']>[1]>().toEqualTypeOf<z.output<typeof HistorySearchSchema>>();
    expectTypeOf<ReturnType<HistorySearchCommand['run']>>().resolves.toEqualTypeOf<HistorySearchResult>();
    type HistoryOpenCommand = AgentTable['history:open'];
    expectTypeOf<Parameters<HistoryOpenCommand['run']>[1]>().toEqualTypeOf<{ conversationId: string }>();
    expectTypeOf<ReturnType<HistoryOpenCommand['run']>>().resolves.toEqualTypeOf<HistoryOpenResult>();
    expectTypeOf<Parameters<AgentTable['admin:sites:create']['run']>[1]>().toEqualTypeOf<z.output<typeof SiteCreateSchema>>();
    expectTypeOf<Parameters<AgentTable['admin:sites:update']['run']>[1]>().toEqualTypeOf<z.output<typeof SiteUpdateSchema>>();
    expectTypeOf<ReturnType<AgentTable['admin:sites:list']['run']>>().resolves.toEqualTypeOf<{ sites: SiteAdminView[] }>();
    expectTypeOf<ReturnType<AgentTable['admin:sites:check-origin']['run']>>().resolves.toEqualTypeOf<{ check: SiteOriginCheck }>();
    expectTypeOf<Parameters<AgentTable['admin:queues:update']['run']>[1]>().toEqualTypeOf<z.output<typeof QueueUpdateSchema>>();
    expectTypeOf<ReturnType<AgentTable['admin:queues:list']['run']>>().resolves.toEqualTypeOf<{ queues: QueueAdminView[] }>();
  });

  it('compiles a complete, correct table', () => {
    const table: VisitorTable = {
      'conversation:start': { rate, run: async (_actor, { clientId }) => ({ conversation: visitorConversation, token: clientId }) },
      'conversation:sync': {
        rate,
        run: async (_actor, { afterSeq }) => ({ conversation: visitorConversation, messages: [message].slice(afterSeq), hasMore: false }),
      },
      'message:send': { rate, run: async (_actor, { clientId, text }) => ({ message: { ...message, clientId, text }, redacted: [] }) },
      'conversation:end': { rate, run: async () => ({ conversation: visitorConversation }) },
      'message:leave': { rate, run: async (_actor, { clientId }) => ({ reference: clientId.slice(0, 9), redacted: [] }) },
      'conversation:extend': { rate, run: async () => ({ conversation: visitorConversation }) },
      'typing:set': { rate, run: async () => ({}) },
      'conversation:set-language': { rate, run: async (_actor, { language }) => ({ conversation: { ...visitorConversation, language } }) },
      'survey:answer': { rate, run: async () => ({ conversation: { ...visitorConversation, surveyAnswered: true } }) },
    };
    const accept: AgentTable['conversation:accept'] = {
      requires: 'agent',
      rate,
      run: async (_agent, { conversationId }) => ({ conversation: { ...agentConversation, id: conversationId } }),
    };
    expectTypeOf(table).toEqualTypeOf<VisitorTable>();
    expectTypeOf(accept).toEqualTypeOf<AgentTable['conversation:accept']>();
  });

  it('does not compile a handler that answers the wrong acknowledgement field', () => {
    const typeOnly = (): unknown => [
      {
        rate,
        // @ts-expect-error the visitor's message:send answers `message`, not `msg`
        run: async () => ({ msg: message }),
      } satisfies VisitorTable['message:send'],
      {
        requires: 'agent',
        rate,
        // @ts-expect-error conversation:accept answers `conversation`, not `conversations`
        run: async () => ({ conversations: [agentConversation] }),
      } satisfies AgentTable['conversation:accept'],
      {
        rate,
        // @ts-expect-error `message` must be a Message, not its text
        run: async () => ({ message: 'Hello' }),
      } satisfies VisitorTable['message:send'],
      {
        requires: 'supervisor',
        rate,
        // @ts-expect-error supervision:watch answers `conversation`, not `chat`
        run: async () => ({ chat: agentConversation }),
      } satisfies AgentTable['supervision:watch'],
      {
        requires: 'supervisor',
        rate,
        // @ts-expect-error agent:set-limit answers the supervised agent, not a bare limit
        run: async () => ({ maxConcurrentChats: 3 }),
      } satisfies AgentTable['agent:set-limit'],
      {
        requires: 'agent',
        rate,
        // @ts-expect-error transfer targets answer `agents` and `queues`, not one list of both
        run: async () => ({ targets: [] }),
      } satisfies AgentTable['agents:transfer-targets'],
      {
        requires: 'agent',
        rate,
        // @ts-expect-error a wrap-up answers the conversation view, not only its outcome
        run: async () => ({ outcome: 'resolved' }),
      } satisfies AgentTable['conversation:wrap-up'],
    ];
    expectTypeOf(typeOnly).toBeFunction();
  });

  it('does not compile a handler that reads a payload field its event’s schema does not have', () => {
    const typeOnly = (): unknown => [
      {
        rate,
        run: async (_actor, payload) => ({
          // @ts-expect-error the payload has `clientId`, not `clientKey`
          message: { ...message, clientId: payload.clientKey },
          redacted: [],
        }),
      } satisfies VisitorTable['message:send'],
      {
        requires: 'agent',
        rate,
        // @ts-expect-error the payload has `conversationId`, not `conversationKey`
        run: async (_agent, { conversationKey }) => ({ conversation: { ...agentConversation, id: String(conversationKey) } }),
      } satisfies AgentTable['conversation:accept'],
      {
        requires: 'supervisor',
        rate,
        // @ts-expect-error the payload has `maxConcurrentChats`, not `limit`
        run: async (_agent, { limit }) => ({ agent: { ...supervisedAgent, maxConcurrentChats: Number(limit) } }),
      } satisfies AgentTable['agent:set-limit'],
      {
        requires: 'agent',
        rate,
        // @ts-expect-error a transfer's target is `to`, not `target`
        run: async (_agent, { target }) => ({ conversation: { ...agentConversation, agentId: String(target) } }),
      } satisfies AgentTable['conversation:transfer'],
      {
        rate,
        // @ts-expect-error visitor payloads carry no conversation id (a visitor reaches only their own chat)
        run: async (_actor, { conversationId }) => ({ conversation: visitorConversation, messages: [], hasMore: conversationId === '' }),
      } satisfies VisitorTable['conversation:sync'],
    ];
    expectTypeOf(typeOnly).toBeFunction();
  });

  it('does not compile a table that lacks a command', () => {
    const typeOnly = (complete: VisitorTable): unknown => {
      const { 'conversation:end': _end, ...incomplete } = complete;
      // @ts-expect-error conversation:end has no handler
      const table: VisitorTable = incomplete;
      return table;
    };
    expectTypeOf(typeOnly).toBeFunction();
  });

  it('does not accept schemas that pair an event with another command’s schema', () => {
    // The right pairings compile (they are protocol/'s own objects).
    expectTypeOf(VISITOR_COMMAND_SCHEMAS).toExtend<CommandSchemas<VisitorClientEvents>>();
    expectTypeOf(AGENT_COMMAND_SCHEMAS).toExtend<CommandSchemas<AgentClientEvents>>();

    const swappedVisitor = {
      ...VISITOR_COMMAND_SCHEMAS,
      // @ts-expect-error message:send's payload is `{ clientId, text }`, not a sync request
      'message:send': VisitorSyncSchema,
    } satisfies CommandSchemas<VisitorClientEvents>;
    const swappedAgent = {
      ...AGENT_COMMAND_SCHEMAS,
      // @ts-expect-error conversation:accept's payload is a conversation reference, not a status
      'conversation:accept': AgentSetStatusSchema,
    } satisfies CommandSchemas<AgentClientEvents>;
    const swappedBack = {
      ...AGENT_COMMAND_SCHEMAS,
      // @ts-expect-error messages:since needs `afterSeq`, which a conversation reference lacks
      'messages:since': ConversationRefSchema,
    } satisfies CommandSchemas<AgentClientEvents>;
    const swappedLimit = {
      ...AGENT_COMMAND_SCHEMAS,
      // @ts-expect-error agent:set-limit needs the agent and the limit, not a conversation to watch
      'agent:set-limit': SupervisionWatchSchema,
    } satisfies CommandSchemas<AgentClientEvents>;
    const swappedPreview = {
      ...AGENT_COMMAND_SCHEMAS,
      // @ts-expect-error a preview needs the page, language and time, not only a site
      'rollout:preview': RolloutLiveSchema,
    } satisfies CommandSchemas<AgentClientEvents>;
    const swappedWrapUp = {
      ...AGENT_COMMAND_SCHEMAS,
      // @ts-expect-error a wrap-up's payload has `outcome`, not a transfer's `to`
      'conversation:wrap-up': ConversationTransferSchema,
    } satisfies CommandSchemas<AgentClientEvents>;
    // @ts-expect-error a command left without a schema
    const missing: CommandSchemas<VisitorClientEvents> = { 'conversation:start': ConversationStartSchema };
    expect([swappedVisitor, swappedAgent, swappedBack, swappedLimit, swappedPreview, swappedWrapUp, missing].length).toBe(7);
  });
});

describe('rollout governance commands (protocol/rollout.ts)', () => {
  it('types each rollout handler from its schema and acknowledgement', () => {
    type Propose = AgentTable['rollout:propose'];
    expectTypeOf<Parameters<Propose['run']>[1]>().toEqualTypeOf<z.output<typeof RolloutProposeSchema>>();
    expectTypeOf<Parameters<Propose['run']>[1]['from']>().toEqualTypeOf<{ policyVersion: number } | { changeId: string }>();
    expectTypeOf<ReturnType<Propose['run']>>().resolves.toEqualTypeOf<{ change: RolloutChangeView; policy: RolloutPolicyView }>();
    expectTypeOf<ReturnType<AgentTable['rollout:state']['run']>>().resolves.toEqualTypeOf<{ state: RolloutState }>();
    expectTypeOf<Parameters<AgentTable['rollout:approve']['run']>[1]>().toEqualTypeOf<{ changeId: string; version: number }>();
    expectTypeOf<ReturnType<AgentTable['rollout:audit']['run']>>().resolves.toEqualTypeOf<{ entries: AuditEntryView[]; next: number | null }>();
    expectTypeOf<AgentTable['rollout:pause-schedule']>().toHaveProperty('requires');
  });

  it('does not compile wrong rollout payloads or answers', () => {
    const typeOnly = async (): Promise<unknown[]> => {
      const state = await agentCommand('rollout:state', {});
      const forms: unknown[] = [
        // @ts-expect-error a proposal says what it starts from
        agentCommand('rollout:propose', { siteId: 'demo', settings: {} as RolloutSettings, reason: 'Ramp' }),
        // @ts-expect-error approving names the change's version it saw
        agentCommand('rollout:approve', { changeId: 'c1' }),
        // @ts-expect-error the schedule is paused per site
        agentCommand('rollout:pause-schedule', {}),
        // @ts-expect-error the audit pages by sequence number, not by time
        agentCommand('rollout:audit', { before: '2026-01-01T00:00:00Z' }),
        {
          requires: 'manager',
          rate,
          // @ts-expect-error an approval answers the change and the policy, not a bare status
          run: async () => ({ status: 'applied' }),
        } satisfies AgentTable['rollout:approve'],
      ];
      if (state.ok) {
        // @ts-expect-error the answer carries `state`, not `policy`
        forms.push(state.policy);
      }
      return forms;
    };
    expectTypeOf(typeOnly).toBeFunction();
  });

  it('every administration command has a schema and a rate, and the schemas refuse what they must', () => {
    const commands = Object.keys(AGENT_COMMAND_SCHEMAS).filter((name) => name.startsWith('admin:'));
    expect(commands).toEqual(expect.arrayContaining(['admin:sites:list', 'admin:sites:create', 'admin:sites:update', 'admin:sites:check-origin', 'admin:queues:list', 'admin:queues:create', 'admin:queues:update']));
    for (const name of commands) expect(AGENT_COMMAND_RATES[name as keyof typeof AGENT_COMMAND_RATES], name).toBeDefined();
    expect(SiteUpdateSchema.safeParse({ siteId: 'demo' }).success).toBe(false);
    expect(SiteUpdateSchema.safeParse({ siteId: 'Demo Site', chatEnabled: false }).success).toBe(false);
    expect(SiteUpdateSchema.safeParse({ siteId: 'demo', chatEnabled: false, extra: 1 }).success).toBe(false);
    expect(SiteUpdateSchema.safeParse({ siteId: 'demo', allowedOrigins: Array.from({ length: 51 }, (_, i) => `https://s${i}.gov.xx`) }).success).toBe(false);
    expect(QueueUpdateSchema.safeParse({ queueId: 'q', memberIds: ['a', 'a'] }).success).toBe(false);
  });

  it('every rollout command has a schema and a rate', () => {
    const commands = Object.keys(AGENT_COMMAND_SCHEMAS).filter((name) => name.startsWith('rollout:') || name.startsWith('audit:'));
    for (const name of Object.keys(ROLLOUT_COMMAND_RATES)) expect(commands).toContain(name);
    for (const name of commands) expect(AGENT_COMMAND_RATES[name as keyof typeof AGENT_COMMAND_RATES], name).toBeDefined();
    expect(RolloutProposeSchema.safeParse({ siteId: 'demo', from: { policyVersion: 1 }, settings: {}, reason: 'x' }).success).toBe(false);
    expect(RolloutAuditSchema.safeParse({ limit: 51 }).success).toBe(false);
  });
});

describe('the clients: sendCommand is typed by the event map', () => {
  it('compiles correct commands, and types their answers', () => {
    const typeOnly = async (): Promise<void> => {
      const sent = await visitorCommand('message:send', { clientId: 'abcdefgh12', text: 'Hello' });
      expectTypeOf(sent).toEqualTypeOf<CommandResult<VisitorClientEvents, 'message:send'>>();
      if (sent.ok) expectTypeOf(sent.message).toEqualTypeOf<Message>();
      else expectTypeOf(sent.error.code).toEqualTypeOf<CommandErrorCode>();

      const accepted = await agentCommand('conversation:accept', { conversationId: 'c1' });
      if (accepted.ok) expectTypeOf(accepted.conversation).toEqualTypeOf<AgentConversation>();

      const limited = await agentCommand('agent:set-limit', { agentId: 'a1', maxConcurrentChats: 4 });
      if (limited.ok) expectTypeOf(limited.agent).toEqualTypeOf<SupervisedAgent>();
      const chats = await agentCommand('supervision:chats', { agentId: 'a1' });
      if (chats.ok) expectTypeOf(chats).toExtend<{ ok: true; chats: AgentConversation[]; total: number }>();

      const direct = await sendCommand<AgentClientEvents, 'messages:since'>(socket, 'messages:since', { conversationId: 'c1', afterSeq: 0 }, 1000);
      if (direct.ok) expectTypeOf(direct).toExtend<{ ok: true; messages: Message[]; hasMore: boolean }>();

      const transferred = await agentCommand('conversation:transfer', { conversationId: 'c1', to: { kind: 'queue', queueId: 'general-fr' }, note: 'Over to you.' });
      if (transferred.ok) expectTypeOf(transferred.conversation).toEqualTypeOf<AgentConversation>();
      const targets = await agentCommand('agents:transfer-targets', { conversationId: 'c1' });
      if (targets.ok) expectTypeOf(targets.agents).toEqualTypeOf<TransferAgentTarget[]>();
      const wrapped = await agentCommand('conversation:wrap-up', { conversationId: 'c1', outcome: 'resolved' });
      if (wrapped.ok) expectTypeOf(wrapped.conversation.wrapUp).toExtend<{ outcome: string | null } | null>();
      const created = await agentCommand('admin:accounts:create', {
        email: 'alex@example.test',
        displayName: 'Alex',
        role: 'agent',
        languages: ['en'],
        queueIds: ['general'],
        maxConcurrentChats: 3,
      });
      if (created.ok) expectTypeOf(created.link.url).toEqualTypeOf<string>();
      const changed = await agentCommand('account:change-password', { currentPassword: 'a', newPassword: 'b' });
      if (changed.ok) expectTypeOf(changed).toExtend<{ ok: true }>();
    };
    expectTypeOf(typeOnly).returns.resolves.toBeVoid();
  });

  it('does not compile a misspelt event name, on either namespace', () => {
    const typeOnly = (): unknown => [
      // @ts-expect-error no such visitor command
      visitorCommand('mesage:send', { clientId: 'abcdefgh12', text: 'Hello' }),
      // @ts-expect-error no such agent command
      agentCommand('conversation:acept', { conversationId: 'c1' }),
      // @ts-expect-error an agent command is not a visitor command
      visitorCommand('conversation:accept', { conversationId: 'c1' }),
      // @ts-expect-error the event map decides the names even when written out
      sendCommand<VisitorClientEvents, 'message:sent'>(socket, 'message:sent', { clientId: 'abcdefgh12', text: 'Hello' }, 1000),
      // @ts-expect-error without its event map, sendCommand knows no command at all
      sendCommand(socket, 'message:send', { clientId: 'abcdefgh12', text: 'Hello' }, 1000),
    ];
    expectTypeOf(typeOnly).toBeFunction();
  });

  it('does not compile a payload with a renamed, missing or mistyped field, on either namespace', () => {
    const typeOnly = (): unknown => [
      // @ts-expect-error `clientId`, not `clientKey`
      visitorCommand('message:send', { clientKey: 'abcdefgh12', text: 'Hello' }),
      // @ts-expect-error `text` is missing
      visitorCommand('message:send', { clientId: 'abcdefgh12' }),
      // @ts-expect-error `afterSeq` is a number
      visitorCommand('conversation:sync', { afterSeq: '0' }),
      // @ts-expect-error `conversationId`, not `conversationKey`
      agentCommand('conversation:accept', { conversationKey: 'c1' }),
      // @ts-expect-error the agent's message:send needs the conversation
      agentCommand('message:send', { clientId: 'abcdefgh12', text: 'Hello' }),
      // @ts-expect-error `status` is `available` or `away`
      agentCommand('agent:set-status', { status: 'offline' }),
      // @ts-expect-error `maxConcurrentChats`, not `limit`
      agentCommand('agent:set-limit', { agentId: 'a1', limit: 3 }),
      // @ts-expect-error the limit is a number
      agentCommand('agent:set-limit', { agentId: 'a1', maxConcurrentChats: '3' }),
      // @ts-expect-error a queue or an agent, by `queueId` or `agentId`
      agentCommand('supervision:chats', { queue: 'permits-fr' }),
      // @ts-expect-error watching needs the conversation
      agentCommand('supervision:watch', {}),
      // @ts-expect-error a history search needs its date range
      agentCommand('history:search', { reference: 'abcd1234' }),
      // @ts-expect-error the range is two ISO instants, not numbers
      agentCommand('history:search', { from: 0, to: 1 }),
      // @ts-expect-error opening names `conversationId`
      agentCommand('history:open', { id: 'c1' }),
      // @ts-expect-error a queue target names `queueId`, not `agentId`
      agentCommand('conversation:transfer', { conversationId: 'c1', to: { kind: 'queue', agentId: 'a1' } }),
      // @ts-expect-error a transfer needs its target
      agentCommand('conversation:transfer', { conversationId: 'c1', note: 'Over to you.' }),
      // @ts-expect-error a wrap-up needs its outcome
      agentCommand('conversation:wrap-up', { conversationId: 'c1', note: 'Sent the form.' }),
      // @ts-expect-error `conversationId`, not `conversationKey`
      agentCommand('agents:transfer-targets', { conversationKey: 'c1' }),
      // @ts-expect-error an account needs its languages
      agentCommand('admin:accounts:create', { email: 'a@example.test', displayName: 'A', role: 'agent', queueIds: [], maxConcurrentChats: 3 }),
      // @ts-expect-error `manager`, not `admin`
      agentCommand('admin:accounts:update', { agentId: 'a1', role: 'admin' }),
      // @ts-expect-error the current password is asked again: `currentPassword`
      agentCommand('account:change-password', { newPassword: 'a long passphrase' }),
      // @ts-expect-error a queue's mode is `automatic` or `agents_pick`
      agentCommand('admin:queues:update', { queueId: 'general-en', mode: 'round_robin' }),
      // @ts-expect-error the check needs the page's language
      agentCommand('admin:sites:check-origin', { siteId: 'demo', pageUrl: 'https://www.example.gov.xx/' }),
    ];
    expectTypeOf(typeOnly).toBeFunction();
  });

  it('does not compile reading an answer field that is not in the acknowledgement', () => {
    const typeOnly = async (): Promise<unknown[]> => {
      const sent = await visitorCommand('message:send', { clientId: 'abcdefgh12', text: 'Hello' });
      const accepted = await agentCommand('conversation:accept', { conversationId: 'c1' });
      const watched = await agentCommand('supervision:watch', { conversationId: 'c1' });
      const targets = await agentCommand('agents:transfer-targets', { conversationId: 'c1' });
      if (!sent.ok || !accepted.ok || !watched.ok || !targets.ok) return [];
      return [
        // @ts-expect-error the answer carries one `conversation`, not a page of messages
        watched.messages,
        // @ts-expect-error transfer targets answer `agents`, not `agent`
        targets.agent,
        // @ts-expect-error the answer carries `message`, not `msg`
        sent.msg,
        // @ts-expect-error the answer carries one `conversation`
        accepted.conversations,
        // @ts-expect-error message:send does not answer the conversation
        sent.conversation,
      ];
    };
    expectTypeOf(typeOnly).toBeFunction();
  });
});

describe('gaps: forms that compile today and should not (turn each into @ts-expect-error once closed)', () => {
  it('a handler may answer fields beyond its acknowledgement, and the router sends them', () => {
    // command-router.ts spreads the result into the ack: `{ ok: true, ...result }`.
    const extra = { rate, run: async () => ({ message, redacted: [], secretHash: 'x' }) } satisfies VisitorTable['message:send'];
    expectTypeOf(extra).toExtend<VisitorTable['message:send']>();
  });

});

describe('schemas pair with their commands exactly (exactCommandSchemas, as protocol/ builds them)', () => {
  it('refuses a schema whose input has a field more or less than the payload type', () => {
    const visitorSchemas = exactCommandSchemas<VisitorClientEvents>();
    const agentSchemas = exactCommandSchemas<AgentClientEvents>();
    // Every visitor message would be refused for lacking a conversationId the widget never sends.
    // @ts-expect-error the agent's message schema has a field the visitor's payload lacks
    visitorSchemas({ ...VISITOR_COMMAND_SCHEMAS, 'message:send': AgentMessageSendSchema });
    // conversation:accept would demand `afterSeq`, though its handler reads conversationId only.
    // @ts-expect-error another command's schema, a superset of this one's payload
    agentSchemas({ ...AGENT_COMMAND_SCHEMAS, 'conversation:accept': AgentMessagesSinceSchema });
    // The server would drop the citizen's name: z.object strips the key its schema no longer has.
    // @ts-expect-error a schema without an optional field of the payload
    visitorSchemas({ ...VISITOR_COMMAND_SCHEMAS, 'conversation:start': ConversationStartSchema.omit({ visitorName: true }) });
    // The schemas protocol/ registers pass.
    expect(visitorSchemas({ ...VISITOR_COMMAND_SCHEMAS })).toEqual(VISITOR_COMMAND_SCHEMAS);
    expect(agentSchemas({ ...AGENT_COMMAND_SCHEMAS })).toEqual(AGENT_COMMAND_SCHEMAS);
  });
});

// ---------------------------------------------------------------------------------------------
// A rename in a copy of protocol/ breaks the server and both clients
// ---------------------------------------------------------------------------------------------

/** The code a rename must reach, and what the copy needs to type-check it. */
const COPIED = ['protocol', 'server', 'delivery', 'widget', 'agent-console', 'tsconfig.base.json', 'tsconfig.json', 'package.json'];

/** One payload field per namespace, renamed in the copy; each edit must match exactly once. */
const RENAMES = [
  {
    file: 'protocol/visitor-events.ts',
    from: /(VisitorMessageSendSchema = z\.object\(\{\s*)clientId:/,
    to: '$1clientKey:',
  },
  {
    file: 'protocol/agent-events.ts',
    from: /(ConversationRefSchema = z\.object\(\{\s*)conversationId:/,
    to: '$1conversationKey:',
  },
] as const;

/**
 * Each side type-checked with its own tsconfig's options, from the roots where it sends commands
 * and handles them (their imports come along), reporting errors in the files it owns.
 */
const SIDES = [
  {
    side: 'server',
    tsconfig: 'tsconfig.json',
    roots: ['server/realtime/visitor-namespace.ts', 'server/realtime/agent-namespace.ts'],
    owns: ['server/'],
  },
  { side: 'widget', tsconfig: 'widget/tsconfig.json', roots: ['widget/app/main.tsx'], owns: ['widget/', 'delivery/'] },
  {
    side: 'console',
    tsconfig: 'agent-console/tsconfig.json',
    roots: ['agent-console/src/main.tsx'],
    owns: ['agent-console/', 'delivery/'],
  },
] as const;

type Side = (typeof SIDES)[number];

/** A compiler host that hands back the same parsed file while its text is unchanged, so a second pass parses only what changed. */
function cachingHost(options: ts.CompilerOptions): ts.CompilerHost {
  const host = ts.createCompilerHost(options, true);
  const cache = new Map<string, { text: string; file: ts.SourceFile }>();
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
    const text = host.readFile(fileName);
    const cached = cache.get(fileName);
    if (text !== undefined && cached?.text === text) return cached.file;
    const file = getSourceFile(fileName, languageVersion, onError, shouldCreate);
    if (file !== undefined && text !== undefined) cache.set(fileName, { text, file });
    return file;
  };
  return host;
}

/** Type-checks one side of the copy; answers its errors in the files it owns, as `path:line TScode message`. */
function makeChecker(dir: string, side: Side): () => Set<string> {
  const config = ts.getParsedCommandLineOfConfigFile(path.join(dir, side.tsconfig), undefined, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
      throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
    },
  });
  if (config === undefined) throw new Error(`cannot read ${side.tsconfig}`);
  const host = cachingHost(config.options);
  const roots = side.roots.map((root) => path.join(dir, root));
  let previous: ts.Program | undefined;
  return () => {
    const program = ts.createProgram(roots, config.options, host, previous);
    previous = program;
    const errors = new Set<string>();
    for (const file of program.getSourceFiles()) {
      const relative = path.relative(dir, file.fileName).split(path.sep).join('/');
      if (!side.owns.some((prefix) => relative.startsWith(prefix))) continue;
      for (const diagnostic of [...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file)]) {
        const line = file.getLineAndCharacterOfPosition(diagnostic.start ?? 0).line + 1;
        errors.add(`${relative}:${line} TS${diagnostic.code} ${ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ').slice(0, 240)}`);
      }
    }
    return errors;
  };
}

describe('a rename in protocol/ breaks every side at compile time', () => {
  it(
    'renaming one command field per namespace in a copy of protocol/ makes new errors in server/, widget/ and agent-console/',
    { timeout: 120_000 },
    () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'contract-rename-'));
      try {
        for (const entry of COPIED) {
          cpSync(path.join(ROOT, entry), path.join(dir, entry), {
            recursive: true,
            filter: (source) => !/[\\/](node_modules|dist)$/.test(source),
          });
        }
        symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');

        // Errors already in the tree (another change in progress) are not the rename's: check before and after.
        const checkers = SIDES.map((side) => ({ side, check: makeChecker(dir, side) }));
        const before = checkers.map(({ check }) => check());

        for (const rename of RENAMES) {
          const file = path.join(dir, rename.file);
          const text = readFileSync(file, 'utf8');
          expect(text.match(new RegExp(rename.from, 'g')), `${rename.file} no longer reads as this test expects: update RENAMES`).toHaveLength(1);
          writeFileSync(file, text.replace(rename.from, rename.to));
        }

        const introduced = checkers.map(({ side, check }, index) => ({
          side: side.side,
          errors: [...check()].filter((error) => !before[index]!.has(error)),
        }));
        const where = (side: string, prefix: string): string[] =>
          introduced.find((entry) => entry.side === side)!.errors.filter((error) => error.startsWith(prefix));

        // Printed on failure: which files broke, and why.
        const report = JSON.stringify(introduced, null, 2);
        expect(where('server', 'server/realtime/visitor-namespace.ts'), report).not.toEqual([]);
        expect(where('server', 'server/realtime/agent-namespace.ts'), report).not.toEqual([]);
        expect(where('widget', 'widget/'), report).not.toEqual([]);
        expect(where('console', 'agent-console/'), report).not.toEqual([]);
        // Each side broke where it names the renamed field.
        expect(where('widget', 'widget/').join('\n'), report).toMatch(/clientId|clientKey/);
        expect(where('console', 'agent-console/').join('\n'), report).toMatch(/conversationId|conversationKey/);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
