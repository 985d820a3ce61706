/** The connection to the server, said politely: "Connected", "Reconnecting…". */
import type { ConnectionState } from '../console-types.js';
import { useLanguage } from '../language.js';

export function ConnectionStatus({ connection }: { connection: ConnectionState }) {
  const { strings } = useLanguage();
  return (
    <p role="status" className={`connection connection-${connection}`}>
      <span className="connection-dot" aria-hidden="true" />
      {strings.connection[connection]}
    </p>
  );
}
