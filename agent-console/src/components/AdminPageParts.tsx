/**
 * What the Accounts, Sites and Queues pages share: the page's heading and intro with a polite
 * notice of what the manager's last action did, and the list panel's loading and error states.
 */
import type { ReactNode, RefObject } from 'react';
import type { ConsoleErrorCode } from '../console-types.js';
import { errorText } from '../i18n.js';
import { useLanguage } from '../language.js';

/** What a page's last action did, said once (a new id each time, so it is read again). */
export interface PageNotice {
  id: number;
  text: string;
}

export function AdminPageIntro({ heading, intro, notice, headingRef }: { heading: string; intro: string; notice: PageNotice | null; headingRef: RefObject<HTMLHeadingElement | null> }) {
  return (
    <>
      <div className="page-intro">
        <h1 ref={headingRef} tabIndex={-1}>
          {heading}
        </h1>
        <p className="muted">{intro}</p>
      </div>
      <div role="status" className="page-notice">
        {notice !== null && (
          <p key={notice.id} className="notice">
            {notice.text}
          </p>
        )}
      </div>
    </>
  );
}

/** The list once read (`children`), or why not yet: still reading, or the read failed. */
export function LoadedList<T>({ items, error, loadError, children }: { items: T | null; error: ConsoleErrorCode | null; loadError: (why: string) => string; children: (items: T) => ReactNode }) {
  const { strings } = useLanguage();
  if (items !== null) return <>{children(items)}</>;
  if (error !== null) {
    return (
      <p role="alert" className="error-text">
        {loadError(errorText(strings, error))}
      </p>
    );
  }
  return <p role="status">{strings.loading}</p>;
}
