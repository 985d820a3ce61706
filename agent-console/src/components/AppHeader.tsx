/** The banner on every screen: product name, then whatever tools the screen adds, then the language switch. */
import type { ReactNode } from 'react';
import { useLanguage } from '../language.js';
import { LanguageSwitch } from './LanguageSwitch.js';

interface Props {
  /** The product name is the page's h1 on the console; the sign-in page has its own h1. */
  asHeading: boolean;
  children?: ReactNode;
}

export function AppHeader({ asHeading, children }: Props) {
  const { strings } = useLanguage();
  return (
    <header className="app-header">
      {asHeading ? <h1 className="brand">{strings.productName}</h1> : <p className="brand">{strings.productName}</p>}
      <div className="header-tools">
        {children}
        <LanguageSwitch />
      </div>
    </header>
  );
}
