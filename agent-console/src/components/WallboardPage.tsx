/**
 * The wallboard (supervisors and managers): every queue's line and every signed-in agent's load in
 * large type on a dark ground, for a screen read across a room. Live through the same supervision
 * client as the Supervision page (one subscription for both); the longest waits tick every second.
 * Nothing to operate: a screen to look at, reached from the navigation like any page.
 */
import { useEffect, useId, useSyncExternalStore, type RefObject } from 'react';
import { errorText } from '../i18n.js';
import { useLanguage } from '../language.js';
import type { SupervisionClient } from '../supervision-client.js';
import { useNow } from '../use-now.js';
import { waitClock, wallboardAgents, wallboardQueues, type WallboardAgent, type WallboardQueue } from '../wallboard.js';

interface Props {
  supervision: SupervisionClient;
  headingRef?: RefObject<HTMLHeadingElement | null>;
}

export function WallboardPage({ supervision, headingRef }: Props) {
  const { strings } = useLanguage();
  const state = useSyncExternalStore(supervision.subscribe, supervision.getState);
  const now = useNow(1000);
  const queuesHeading = useId();
  const agentsHeading = useId();

  useEffect(() => {
    if (!supervision.getState().subscribed) void supervision.open();
  }, [supervision]);

  const queues = wallboardQueues(state.queues, now);
  const agents = wallboardAgents(state.agents);

  return (
    <div className="wallboard">
      <div className="wallboard-top">
        <h1 ref={headingRef} tabIndex={-1}>
          {strings.pages.wallboard.heading}
        </h1>
        <p>{strings.wallboard.intro}</p>
      </div>
      {!state.loaded ? (
        state.error !== null ? (
          <p role="alert" className="wallboard-alert">
            {strings.supervisionError(errorText(strings, state.error))}
          </p>
        ) : (
          <p role="status">{strings.loading}</p>
        )
      ) : (
        <>
          <section aria-labelledby={queuesHeading}>
            <h2 id={queuesHeading}>{strings.wallboard.queuesHeading}</h2>
            {queues.length === 0 ? (
              <p>{strings.wallboard.noQueues}</p>
            ) : (
              <ul className="wallboard-queues">
                {queues.map((queue) => (
                  <QueueTile key={queue.id} queue={queue} />
                ))}
              </ul>
            )}
          </section>
          <section aria-labelledby={agentsHeading}>
            <h2 id={agentsHeading}>{strings.wallboard.agentsHeading}</h2>
            {agents.length === 0 ? (
              <p>{strings.wallboard.noAgents}</p>
            ) : (
              <ul className="wallboard-agents">
                {agents.map((agent) => (
                  <AgentLine key={agent.id} agent={agent} />
                ))}
              </ul>
            )}
          </section>
        </>
      )}
    </div>
  );
}

function QueueTile({ queue }: { queue: WallboardQueue }) {
  const { strings, language } = useLanguage();
  const words = strings.wallboard;
  return (
    <li className={queue.stuck ? 'wallboard-queue stuck' : 'wallboard-queue'}>
      <h3>{queue.name[language]}</h3>
      <dl>
        <div className="wallboard-figure main">
          <dt>{words.waiting}</dt>
          <dd>{queue.waiting}</dd>
        </div>
        <div className="wallboard-figure main">
          <dt>{words.longestWait}</dt>
          <dd>
            {queue.longestWaitMs === null ? (
              <>
                <span aria-hidden="true">{words.noWait}</span>
                <span className="visually-hidden">{words.noWaitSpoken}</span>
              </>
            ) : (
              <time dateTime={`PT${Math.floor(queue.longestWaitMs / 1000)}S`}>{waitClock(queue.longestWaitMs)}</time>
            )}
          </dd>
        </div>
        <div className="wallboard-figure">
          <dt>{words.free}</dt>
          <dd>{queue.free}</dd>
        </div>
        <div className="wallboard-figure">
          <dt>{words.busy}</dt>
          <dd>{queue.busy}</dd>
        </div>
        <div className="wallboard-figure">
          <dt>{words.away}</dt>
          <dd>{queue.away}</dd>
        </div>
      </dl>
      {queue.stuck && <p className="wallboard-stuck">{words.stuck}</p>}
    </li>
  );
}

function AgentLine({ agent }: { agent: WallboardAgent }) {
  const { strings } = useLanguage();
  return (
    <li className={`wallboard-agent ${agent.status}`}>
      <span className="wallboard-agent-name">{agent.displayName}</span>
      <span className="wallboard-agent-status">{strings.agentStatuses[agent.status]}</span>
      <span className="wallboard-agent-chats">
        <span aria-hidden="true">
          {agent.openChats}/{agent.maxConcurrentChats}
        </span>
        <span className="visually-hidden">{strings.wallboard.chats(agent.openChats, agent.maxConcurrentChats)}</span>
      </span>
    </li>
  );
}
