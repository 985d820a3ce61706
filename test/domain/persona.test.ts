import { describe, expect, it } from 'vitest';
import { PersonaFieldsSchema } from '../../protocol/persona.js';
import {
  COLOUR_PAIRS,
  colourProblems,
  contrastRatio,
  fillTemplate,
  isSafeFontStack,
  relativeLuminance,
  shownRatio,
  sniffImageType,
  templateProblems,
} from '../../protocol/persona-rules.js';
import { DEFAULT_TEMPLATES, defaultPersonaFields, personaProblems, PERSONA_PRESETS, widgetPersona } from '../../server/domain/persona.js';
import { CHAT_STRINGS } from '../../widget/i18n/chat-strings.js';
import { LAUNCHER_STRINGS } from '../../widget/i18n/launcher-strings.js';

describe('contrast (WCAG 2.x)', () => {
  it('computes relative luminance at the ends and in between', () => {
    expect(relativeLuminance('#ffffff')).toBeCloseTo(1, 10);
    expect(relativeLuminance('#000000')).toBe(0);
    expect(relativeLuminance('#808080')).toBeCloseTo(0.2158605, 6);
  });

  it('matches known pairs', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 10);
    expect(shownRatio(contrastRatio('#767676', '#ffffff'))).toBe(4.54);
    // The order of the pair does not matter.
    expect(contrastRatio('#ffffff', '#767676')).toBe(contrastRatio('#767676', '#ffffff'));
    // #777777 is the classic just-failing grey on white.
    expect(shownRatio(contrastRatio('#777777', '#ffffff'))).toBe(4.47);
    expect(contrastRatio('#ffffff', '#ffffff')).toBe(1);
  });

  it('refuses text pairs under 4.5:1 and focus under 3:1, naming the pair and its ratio', () => {
    const colours = { ...defaultPersonaFields().colours, text: '#777777', focus: '#f2a900' };
    const problems = colourProblems(colours);
    expect(problems).toEqual([
      { pair: 'text-on-background', foreground: '#777777', background: '#ffffff', ratio: 4.47, minimum: 4.5 },
      { pair: 'text-on-agent-bubble', foreground: '#777777', background: '#f3f4f6', ratio: 4.06, minimum: 4.5 },
      { pair: 'text-on-citizen-bubble', foreground: '#777777', background: '#e7eef7', ratio: 3.83, minimum: 4.5 },
      { pair: 'focus-on-background', foreground: '#f2a900', background: '#ffffff', ratio: 2, minimum: 3 },
    ]);
    expect(colourProblems({ ...colours, text: '#1f2328' }).map((p) => p.pair)).toEqual(['focus-on-background']);
    expect(personaProblems({ ...defaultPersonaFields(), colours })[0]).toMatch(/text-on-background \(#777777 on #ffffff\) is 4\.47:1; it needs 4\.5:1/);
  });

  it('accepts a focus colour at 3:1 that would fail as text', () => {
    // #009adb is 3.16:1 on white: enough for a focus ring, not for text.
    const colours = { ...defaultPersonaFields().colours, focus: '#009adb' };
    expect(colourProblems(colours)).toEqual([]);
    expect(colourProblems({ ...colours, text: '#009adb' }).map((p) => p.pair)).toEqual(['text-on-background', 'text-on-agent-bubble', 'text-on-citizen-bubble']);
  });
});

describe('presets', () => {
  it.each(PERSONA_PRESETS.map((preset) => [preset.id, preset] as const))('%s passes every pair the widget draws', (_id, preset) => {
    expect(colourProblems(preset.colours)).toEqual([]);
    expect(isSafeFontStack(preset.fontStack)).toBe(true);
    for (const pair of COLOUR_PAIRS) {
      expect(contrastRatio(preset.colours[pair.foreground], preset.colours[pair.background])).toBeGreaterThanOrEqual(pair.minimum);
    }
  });

  it('has the neutral, Government of Canada and Ontario presets with their design systems’ tokens', () => {
    expect(PERSONA_PRESETS.map((preset) => preset.id)).toEqual(['neutral', 'canada', 'ontario']);
    expect(PERSONA_PRESETS[1]!.colours.brand).toBe('#26374a');
    expect(PERSONA_PRESETS[2]!.colours.focus).toBe('#009adb');
  });
});

describe('templates', () => {
  it('accepts the defaults, which are the widget’s own texts', () => {
    expect(templateProblems(DEFAULT_TEMPLATES)).toEqual([]);
    const keys = {
      queued: 'waitingNext',
      position: 'waiting',
      wait: 'waitEstimate',
      agentJoined: 'connectedWith',
      agentLeft: 'returned',
      transferred: 'transferredAgent',
      transferredQueue: 'transferredQueue',
      closing: 'ended',
      closedHours: 'reasonOutsideHours',
      busy: 'reasonBusy',
      idleWarning: 'idleText',
    } as const;
    for (const [message, key] of Object.entries(keys)) {
      for (const language of ['en', 'fr'] as const) {
        expect(DEFAULT_TEMPLATES[message as keyof typeof keys][language]).toBe(CHAT_STRINGS[language][key]);
      }
    }
    expect(defaultPersonaFields().launcherLabel).toEqual({ en: LAUNCHER_STRINGS.en.launcher, fr: LAUNCHER_STRINGS.fr.launcher });
    expect(personaProblems(defaultPersonaFields())).toEqual([]);
  });

  it('names the template and language of an unknown, a missing or a broken placeholder', () => {
    const templates = structuredClone(DEFAULT_TEMPLATES);
    templates.position.fr = 'Vous êtes {rang} dans la file.';
    templates.agentJoined.en = 'Hello from {persona}!';
    templates.idleWarning.en = 'Closing {when soon.';
    templates.queued.en = '  ';
    templates.welcome.en = '';
    expect(templateProblems(templates)).toEqual([
      { message: 'queued', language: 'en', kind: 'empty', placeholder: null },
      { message: 'position', language: 'fr', kind: 'unknown_placeholder', placeholder: 'rang' },
      { message: 'position', language: 'fr', kind: 'missing_placeholder', placeholder: 'position' },
      { message: 'agentJoined', language: 'en', kind: 'missing_placeholder', placeholder: 'agent' },
      { message: 'idleWarning', language: 'en', kind: 'unbalanced_brace', placeholder: null },
      { message: 'idleWarning', language: 'en', kind: 'missing_placeholder', placeholder: 'when' },
    ]);
    const words = personaProblems({ ...defaultPersonaFields(), templates });
    expect(words).toContain('The "position" template (French) uses {rang}, which that message cannot fill.');
    expect(words).toContain('The "agentJoined" template (English) must contain {agent}.');
  });

  it('refuses a placeholder of another message ({agent} in the queued message)', () => {
    const templates = structuredClone(DEFAULT_TEMPLATES);
    templates.queued.fr = '{agent} arrive.';
    expect(templateProblems(templates)).toEqual([{ message: 'queued', language: 'fr', kind: 'unknown_placeholder', placeholder: 'agent' }]);
  });

  it('fills holes it has values for and leaves the others as written', () => {
    expect(fillTemplate('{persona}: you are number {position}; {x}', { persona: 'Alex', position: 3 })).toBe('Alex: you are number 3; {x}');
  });
});

describe('font stacks and initials', () => {
  it.each([
    ['system-ui, sans-serif', true],
    ['"Noto Sans", Lato, sans-serif', true],
    ['Arial', false],
    ['Arial; color: red, sans-serif', false],
    ['"Evil", url(x), sans-serif', false],
    ['"A}b", serif', false],
    ['a\\62 c, serif', false],
    ['', false],
  ])('%j is safe: %s', (stack, safe) => {
    expect(isSafeFontStack(stack)).toBe(safe);
  });

  it('takes one to three letters as initials', () => {
    expect(personaProblems({ ...defaultPersonaFields(), avatar: { kind: 'initials', initials: 'ÉG' } })).toEqual([]);
    expect(personaProblems({ ...defaultPersonaFields(), avatar: { kind: 'initials', initials: '<b' } })).toEqual(['Initials are one to three letters.']);
  });
});

describe('schema and public part', () => {
  it('lower-cases colours and refuses anything but #rrggbb', () => {
    const fields = defaultPersonaFields();
    expect(PersonaFieldsSchema.parse({ ...fields, colours: { ...fields.colours, brand: '#1D3A5F' } }).colours.brand).toBe('#1d3a5f');
    expect(PersonaFieldsSchema.safeParse({ ...fields, colours: { ...fields.colours, brand: 'red;}' } }).success).toBe(false);
    expect(PersonaFieldsSchema.safeParse({ ...fields, colours: { ...fields.colours, brand: '#fff' } }).success).toBe(false);
    expect(PersonaFieldsSchema.safeParse({ ...fields, launcherLabel: { en: '', fr: 'x' } }).success).toBe(false);
  });

  it('gives the chat app no tone notes, and an image as its address', () => {
    const fields = { ...defaultPersonaFields(), toneNotes: 'Be warm.', avatar: { kind: 'image' as const, imageHash: 'a'.repeat(64) } };
    const persona = widgetPersona({ ...fields, siteId: 'demo' });
    expect(JSON.stringify(persona)).not.toContain('Be warm');
    expect(persona.avatar).toEqual({ kind: 'image', url: `/chat/avatar/demo/${'a'.repeat(64)}` });
  });
});

describe('image sniffing', () => {
  it('knows PNG, JPEG and WebP by their first bytes and nothing else', () => {
    expect(sniffImageType(Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toBe('image/png');
    expect(sniffImageType(Uint8Array.from([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
    expect(sniffImageType(new TextEncoder().encode('RIFF\0\0\0\0WEBPVP8 '))).toBe('image/webp');
    expect(sniffImageType(new TextEncoder().encode('RIFF\0\0\0\0WAVEfmt '))).toBeNull();
    expect(sniffImageType(new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeNull();
    expect(sniffImageType(new TextEncoder().encode('GIF89a'))).toBeNull();
    expect(sniffImageType(new Uint8Array())).toBeNull();
  });
});
