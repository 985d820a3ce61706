import { describe, expect, it } from 'vitest';
import { frameAncestorsDirective, isOriginAllowed, mayFrame, originMatches } from '../../server/domain/origin-policy.js';
import {
  linkProblem,
  membershipChanges,
  originProblem,
  queueProblems,
  siteProblems,
  topicsBrokenByLanguage,
  type SiteFields,
} from '../../server/domain/site-admin.js';
import type { Queue, Site } from '../../server/domain/entities.js';

const queues: Queue[] = [
  { id: 'general-en', name: { en: 'General', fr: 'Général' }, language: 'en', mode: 'automatic' },
  { id: 'general-fr', name: { en: 'General (fr)', fr: 'Général (fr)' }, language: 'fr', mode: 'automatic' },
];

function site(overrides: Partial<SiteFields> = {}): SiteFields {
  return {
    name: { en: 'Permits', fr: 'Permis' },
    allowedOrigins: ['https://www.example.gov.xx', "'self'"],
    chatEnabled: true,
    topics: [{ id: 'benefits', label: { en: 'Benefits', fr: 'Prestations' }, queues: { en: 'general-en', fr: 'general-fr' } }],
    hours: { timeZone: 'America/Toronto', weekly: { mon: [{ opens: '08:30', closes: '16:30' }] }, holidays: ['2026-12-25'], lastAdmissionMinutes: 15 },
    otherWays: [{ kind: 'phone', text: { en: 'Call 1-800-555-0100', fr: 'Composez le 1-800-555-0100' }, href: { en: 'tel:+18005550100', fr: 'tel:+18005550100' } }],
    selfService: [{ label: { en: 'Help', fr: 'Aide' }, url: { en: 'https://www.example.gov.xx/help', fr: 'https://www.example.gov.xx/aide' } }],
    ...overrides,
  };
}

describe('allowed origins (validation)', () => {
  it('accepts origins as browsers send them, self and the subdomain wildcard', () => {
    for (const origin of ["'self'", 'https://www.example.gov.xx', 'http://localhost:8080', 'https://a.b.example.gov.xx:8443', 'https://*.example.gov.xx', 'http://127.0.0.1:3000']) {
      expect(originProblem(origin), origin).toBeNull();
    }
  });

  it('refuses bare wildcards, other wildcard forms, paths, userinfo, other schemes and garbage', () => {
    for (const origin of [
      '*',
      'https://*',
      'http://*.example.gov.xx',
      'https://www.*.gov.xx',
      'https://*example.gov.xx',
      'https://*.xx',
      'https://*.127.0.0.1',
      'https://www.example.gov.xx/',
      'https://www.example.gov.xx/page',
      'https://www.example.gov.xx?x=1',
      'https://user:pw@www.example.gov.xx',
      'https://user@www.example.gov.xx',
      'https://WWW.Example.gov.xx',
      'https://www.example.gov.xx:443',
      'ftp://www.example.gov.xx',
      'javascript:alert(1)',
      'www.example.gov.xx',
      'https://exa mple.gov.xx',
      'https://-bad-.gov.xx',
      'https://example.123',
      '',
    ]) {
      expect(originProblem(origin), origin).not.toBeNull();
    }
  });
});

describe('allowed origins (matching the wildcard)', () => {
  const allowed = ['https://*.example.gov.xx'];

  it('matches subdomains only, over https, on the same port', () => {
    expect(originMatches('https://*.example.gov.xx', 'https://a.example.gov.xx')).toBe(true);
    expect(originMatches('https://*.example.gov.xx', 'https://a.b.example.gov.xx')).toBe(true);
    expect(originMatches('https://*.example.gov.xx', 'https://example.gov.xx')).toBe(false);
    expect(originMatches('https://*.example.gov.xx', 'https://a.example.gov.xx.evil')).toBe(false);
    expect(originMatches('https://*.example.gov.xx', 'https://aexample.gov.xx')).toBe(false);
    expect(originMatches('https://*.example.gov.xx', 'http://a.example.gov.xx')).toBe(false);
    expect(originMatches('https://*.example.gov.xx', 'https://a.example.gov.xx:8443')).toBe(false);
    expect(originMatches('https://*.example.gov.xx:8443', 'https://a.example.gov.xx:8443')).toBe(true);
    expect(originMatches("'self'", 'https://a.example.gov.xx')).toBe(false);
  });

  it('is used by every origin check and by the frame-ancestors directive', () => {
    expect(isOriginAllowed('https://a.example.gov.xx', 'chat.example', allowed)).toBe(true);
    expect(isOriginAllowed('https://example.gov.xx', 'chat.example', allowed)).toBe(false);
    expect(isOriginAllowed('https://a.example.gov.xx.evil', 'chat.example', allowed)).toBe(false);
    expect(mayFrame('https://a.example.gov.xx', 'chat.example', allowed)).toBe(true);
    expect(mayFrame('https://example.gov.xx', 'chat.example', allowed)).toBe(false);
    expect(frameAncestorsDirective([...allowed, "'self'", 'https://www.other.gov.xx'])).toBe(
      "frame-ancestors https://*.example.gov.xx 'self' https://www.other.gov.xx",
    );
  });
});

describe('site validation', () => {
  it('accepts a complete site', () => {
    expect(siteProblems(site(), queues)).toEqual([]);
    expect(siteProblems(site({ hours: null, otherWays: [], selfService: [] }), queues)).toEqual([]);
  });

  it('needs names in both languages', () => {
    expect(siteProblems(site({ name: { en: 'Permits', fr: ' ' } }), queues)).toEqual(['The site name is missing in French.']);
    expect(siteProblems(site({ name: { en: 'A\u202eB', fr: 'B' } }), queues)).toHaveLength(1);
  });

  it('refuses bad origins and repeated ones', () => {
    expect(siteProblems(site({ allowedOrigins: ['*'] }), queues)).toHaveLength(1);
    expect(siteProblems(site({ allowedOrigins: ['https://a.gov.xx', 'https://a.gov.xx'] }), queues)).toEqual(['Name each origin once.']);
  });

  it('checks topics: ids, labels, and a queue of the right language for each language', () => {
    const topic = site().topics[0]!;
    expect(siteProblems(site({ topics: [] }), queues)).toEqual(['A site needs at least one topic.']);
    expect(siteProblems(site({ topics: [topic, topic] }), queues)).toEqual(['Each topic needs an id of its own.']);
    expect(siteProblems(site({ topics: [{ ...topic, id: 'Bad Id' }] }), queues)).toHaveLength(1);
    expect(siteProblems(site({ topics: [{ ...topic, label: { en: 'Benefits', fr: '' } }] }), queues)).toHaveLength(1);
    expect(siteProblems(site({ topics: [{ ...topic, queues: { en: 'general-en', fr: 'nowhere' } }] }), queues)).toEqual([
      'Topic "benefits": there is no queue "nowhere".',
    ]);
    expect(siteProblems(site({ topics: [{ ...topic, queues: { en: 'general-fr', fr: 'general-fr' } }] }), queues)).toEqual([
      'Topic "benefits": its en chats cannot wait in "general-fr", a fr queue.',
    ]);
  });

  it('checks hours in the site time zone (hoursProblems) and bounds them', () => {
    const hours = site().hours!;
    expect(siteProblems(site({ hours: { ...hours, timeZone: 'Mars/Olympus' } }), queues)).toEqual(['"Mars/Olympus" is not a known time zone.']);
    expect(siteProblems(site({ hours: { ...hours, weekly: { mon: [{ opens: '17:00', closes: '09:00' }] } } }), queues)).toHaveLength(1);
    expect(siteProblems(site({ hours: { ...hours, holidays: ['2026-02-30'] } }), queues)).toEqual(['"2026-02-30" is not a date.']);
    expect(siteProblems(site({ hours: { ...hours, holidays: ['2026-12-25', '2026-12-25'] } }), queues)).toEqual(['Name each holiday once.']);
    const many = Array.from({ length: 7 }, () => ({ opens: '09:00', closes: '10:00' }));
    expect(siteProblems(site({ hours: { ...hours, weekly: { tue: many } } }), queues)).toEqual(['tue: at most 6 periods a day.']);
  });

  it('checks other ways and self-service links: both languages, https (or tel: for phones), bounded', () => {
    const way = site().otherWays[0]!;
    expect(siteProblems(site({ otherWays: [{ ...way, href: { en: 'javascript:alert(1)', fr: 'tel:+18005550100' } }] }), queues)).toHaveLength(1);
    expect(siteProblems(site({ otherWays: [{ kind: 'web_form', text: way.text, href: { en: 'tel:+18005550100', fr: 'https://x.gov.xx/f' } }] }), queues)).toHaveLength(1);
    expect(siteProblems(site({ otherWays: Array.from({ length: 9 }, () => way) }), queues)).toEqual(['At most 8 other ways to reach the service.']);
    const link = site().selfService[0]!;
    expect(siteProblems(site({ selfService: [{ ...link, url: { en: 'http://x.gov.xx/help', fr: link.url.fr } }] }), queues)).toEqual([
      'The en self-service link: "http://x.gov.xx/help" is not an https link.',
    ]);
    expect(siteProblems(site({ selfService: [{ ...link, label: { en: 'Help', fr: '' } }] }), queues)).toHaveLength(1);
    expect(linkProblem(`https://x.gov.xx/${'a'.repeat(600)}`)).not.toBeNull();
  });
});

describe('queue validation and members', () => {
  it('needs names in both languages, a language and a mode', () => {
    expect(queueProblems({ name: { en: 'A', fr: 'B' }, language: 'fr', mode: 'agents_pick' })).toEqual([]);
    expect(queueProblems({ name: { en: '', fr: 'B' }, language: 'fr', mode: 'automatic' })).toHaveLength(1);
    expect(queueProblems({ name: { en: 'A', fr: 'B' }, language: 'de' as 'fr', mode: 'random' as 'automatic' })).toHaveLength(2);
  });

  it('finds the topics a language change would break', () => {
    const sites = [{ id: 's1', ...site() }] as Site[];
    expect(topicsBrokenByLanguage('general-en', 'fr', sites)).toEqual(['s1/benefits']);
    expect(topicsBrokenByLanguage('general-en', 'en', sites)).toEqual([]);
  });

  it('adds and removes the queue so that exactly the members serve it', () => {
    const accounts = [
      { id: 'a', queueIds: ['q1'] },
      { id: 'b', queueIds: ['q2'] },
      { id: 'c', queueIds: ['q1', 'q2'] },
    ];
    expect(membershipChanges('q1', ['a', 'b'], accounts)).toEqual([
      { agentId: 'b', queueIds: ['q2', 'q1'] },
      { agentId: 'c', queueIds: ['q2'] },
    ]);
    expect(membershipChanges('q1', ['a', 'c'], accounts)).toEqual([]);
  });
});

describe('privacy settings (validation)', () => {
  const text = { en: 'Text', fr: 'Texte' };
  const notice = {
    legalAuthority: text,
    purpose: text,
    retention: text,
    personalInformationBank: text,
    contact: text,
    fullNoticeUrl: { en: 'https://www.example.gov.xx/privacy', fr: 'https://www.example.gov.xx/confidentialite' },
  };

  it('accepts a complete notice, the optional kinds and an https quick exit; and sites without them', () => {
    expect(siteProblems(site({ redaction: { phone: true, email: false, postalCode: true }, privacyNotice: notice, quickExit: { enabled: true, url: 'https://www.google.ca/' } }), queues)).toEqual([]);
    expect(siteProblems(site({ privacyNotice: null }), queues)).toEqual([]);
  });

  it('asks for every part of the notice in both languages, and an https link to the full one', () => {
    const problems = siteProblems(site({ privacyNotice: { ...notice, retention: { en: 'Two years', fr: ' ' }, fullNoticeUrl: { en: 'http://www.example.gov.xx/privacy', fr: 'javascript:alert(1)' } } }), queues);
    expect(problems).toEqual([
      "The privacy notice's retention is missing in French.",
      `The privacy notice's en link: "http://www.example.gov.xx/privacy" is not an https link.`,
      `The privacy notice's fr link: "javascript:alert(1)" is not an https link.`,
    ]);
  });

  it('refuses a quick exit to anything but an https page, and redaction choices that are not true or false', () => {
    expect(siteProblems(site({ quickExit: { enabled: true, url: 'javascript:alert(1)' } }), queues)).toEqual(['Quick exit: "javascript:alert(1)" is not an https link.']);
    expect(siteProblems(site({ redaction: { phone: 'yes', email: false, postalCode: false } as never }), queues)).toEqual(['Redaction: say whether to remove phone (true or false).']);
  });
});
