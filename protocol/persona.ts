/**
 * A site's persona (issue #10, "Persona and branding"): its name, avatar, greeting and sign-off,
 * tone notes for agents, colours, font stack, launcher label and corner, and every automated
 * message as a template in both languages. Managers read and save it on `/agent`
 * (`admin:persona:get`, `admin:persona:save`); the chat app gets the public part with the site
 * (`GET /api/widget/site`, `persona`), and the loader its label and corner with the offer.
 *
 * The schemas bound shape and sizes; what makes a persona acceptable beyond its shape (contrast,
 * placeholders, the font stack) is server/domain/persona.ts, on protocol/persona-rules.ts.
 * Browsers import this module's types only.
 */
import { z } from 'zod';
import { AdminIdSchema } from './admin.js';
import { PERSONA_MESSAGES, type PersonaColours, type PersonaMessage } from './persona-rules.js';

export const PERSONA_NAME_MAX = 60;
export const PERSONA_TEXT_MAX = 500;
export const PERSONA_TEMPLATE_MAX = 300;
export const PERSONA_TONE_NOTES_MAX = 1000;
export const PERSONA_LAUNCHER_LABEL_MAX = 40;
export const PERSONA_FONT_STACK_MAX = 200;

const bilingual = (max: number, min = 0) => z.object({ en: z.string().trim().min(min).max(max), fr: z.string().trim().min(min).max(max) }).strict();

/** `#rrggbb`; contrast is the domain's to judge. */
const ColourSchema = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'Give colours as #rrggbb.').transform((hex) => hex.toLowerCase());

export const PersonaColoursSchema = z
  .object({
    brand: ColourSchema,
    brandText: ColourSchema,
    background: ColourSchema,
    text: ColourSchema,
    focus: ColourSchema,
    agentBubble: ColourSchema,
    citizenBubble: ColourSchema,
  })
  .strict() satisfies z.ZodType<PersonaColours, unknown>;

export const PersonaTemplatesSchema = z
  .object(Object.fromEntries(PERSONA_MESSAGES.map((message) => [message, bilingual(PERSONA_TEMPLATE_MAX)])) as Record<PersonaMessage, ReturnType<typeof bilingual>>)
  .strict();

/** An uploaded image, named by the SHA-256 of its bytes (hex), or initials (empty: no avatar). */
export const PersonaAvatarSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('initials'), initials: z.string().trim().max(3) }).strict(),
  z.object({ kind: z.literal('image'), imageHash: z.string().regex(/^[0-9a-f]{64}$/) }).strict(),
]);
export type PersonaAvatar = z.infer<typeof PersonaAvatarSchema>;

export const PERSONA_CORNERS = ['bottom-right', 'bottom-left'] as const;
export type PersonaCorner = (typeof PERSONA_CORNERS)[number];

/** Everything a manager sets on a persona. */
export const PersonaFieldsSchema = z
  .object({
    /** The persona's name; empty: the widget's own title. */
    name: bilingual(PERSONA_NAME_MAX),
    avatar: PersonaAvatarSchema,
    /** Shown above the start form; empty: nothing. */
    greeting: bilingual(PERSONA_TEXT_MAX),
    /** Shown when a chat ends; empty: nothing. */
    signOff: bilingual(PERSONA_TEXT_MAX),
    /** For agents, in the console's conversation view (never shown to citizens). */
    toneNotes: z.string().trim().max(PERSONA_TONE_NOTES_MAX),
    colours: PersonaColoursSchema,
    fontStack: z.string().trim().max(PERSONA_FONT_STACK_MAX),
    launcherLabel: bilingual(PERSONA_LAUNCHER_LABEL_MAX, 1),
    corner: z.enum(PERSONA_CORNERS),
    templates: PersonaTemplatesSchema,
  })
  .strict();
export type PersonaFields = z.infer<typeof PersonaFieldsSchema>;
export type PersonaFieldsInput = z.input<typeof PersonaFieldsSchema>;

/** A site's persona as a manager sees it. `version` 0: none saved yet (the default shows). */
export interface PersonaView extends PersonaFields {
  siteId: string;
  version: number;
  updatedAt: string | null;
  updatedBy: string | null;
}

/** A starting point a manager applies before adjusting: the look of a design system. */
export interface PersonaPreset {
  id: string;
  label: { en: string; fr: string };
  /** Where the values come from (a design system's published tokens). */
  source: string;
  colours: PersonaColours;
  fontStack: string;
}

/** `persona:tone-notes`: the tone notes of a site, for any agent (shown beside a chat from it). */
export const PersonaToneNotesSchema = z.object({ siteId: z.string().min(1).max(64) }).strict();
export type PersonaToneNotes = z.input<typeof PersonaToneNotesSchema>;

export const PersonaGetSchema = z.object({ siteId: AdminIdSchema }).strict();
export type PersonaGet = z.input<typeof PersonaGetSchema>;

/** Saves the whole persona, if it is still at `expectedVersion` (0: none saved yet). */
export const PersonaSaveSchema = z
  .object({ siteId: AdminIdSchema, expectedVersion: z.number().int().min(0), persona: PersonaFieldsSchema })
  .strict();
export type PersonaSave = z.input<typeof PersonaSaveSchema>;

/** What the chat app gets with the site: the persona's public part (no tone notes). */
export interface WidgetPersona {
  name: { en: string; fr: string };
  /** Initials, or the address of the image on the chat host. */
  avatar: { kind: 'initials'; initials: string } | { kind: 'image'; url: string };
  greeting: { en: string; fr: string };
  signOff: { en: string; fr: string };
  colours: PersonaColours;
  fontStack: string;
  templates: Record<PersonaMessage, { en: string; fr: string }>;
}

export const WidgetPersonaSchema = z.object({
  name: z.object({ en: z.string(), fr: z.string() }),
  avatar: z.union([z.object({ kind: z.literal('initials'), initials: z.string() }), z.object({ kind: z.literal('image'), url: z.string() })]),
  greeting: z.object({ en: z.string(), fr: z.string() }),
  signOff: z.object({ en: z.string(), fr: z.string() }),
  colours: z.object({
    brand: z.string(),
    brandText: z.string(),
    background: z.string(),
    text: z.string(),
    focus: z.string(),
    agentBubble: z.string(),
    citizenBubble: z.string(),
  }),
  fontStack: z.string(),
  templates: z.record(z.enum(PERSONA_MESSAGES), z.object({ en: z.string(), fr: z.string() })),
}) satisfies z.ZodType<WidgetPersona, unknown>;

/**
 * The loader's part, in the offer answer: the launcher's label in the page's language, its labels in
 * both (a page in neither official language shows both, README.md "Embed the widget"), and its corner.
 */
export const LauncherLookSchema = z.object({ label: z.string(), labels: z.object({ en: z.string(), fr: z.string() }), corner: z.enum(PERSONA_CORNERS) });
export type LauncherLook = z.infer<typeof LauncherLookSchema>;

/** `POST /api/admin/persona/avatar?site=`: the uploaded image's name and type. */
export const AvatarUploadQuerySchema = z.object({ site: AdminIdSchema });
export const AvatarUploadResponseSchema = z.object({ imageHash: z.string(), contentType: z.string(), bytes: z.number().int() });
export type AvatarUploadResponse = z.infer<typeof AvatarUploadResponseSchema>;
export const AvatarParamsSchema = z.object({ siteId: AdminIdSchema, imageHash: z.string().regex(/^[0-9a-f]{64}$/) });
