/**
 * The small toolkit behind `npm run screenshots`: find a control by role and accessible name
 * (trying a short list of candidates, so a renamed control needs one line changed), take a picture
 * of a page or of the widget's corner, and fail naming the state when a step cannot be done.
 * Pictures are held in memory and written only when every state succeeded (`writeAll`), so a
 * failed run never leaves a mix of fresh and stale pictures.
 */
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FrameLocator, Locator, Page } from 'playwright-core';

/** Every picture is taken at this size (CSS pixels, device scale 1), so runs compare. */
export const VIEWPORT = { width: 1280, height: 800 } as const;

/**
 * The widget's pictures show the bottom-right corner of the demo page: the panel (384×600 at 16 px
 * from the right, 80 px from the bottom: widget/loader/loader-styles.ts) with the launcher under it
 * and a margin of the page around. Every widget state has the same size, so EN and FR sit side by side.
 */
export const WIDGET_CORNER = { width: 416, height: 696 } as const;

/** A picture larger than this fails the run: the README should stay light to clone and load. */
export const PICTURE_MAX_BYTES = 250 * 1024;

/** How long one step may wait for the product to show what it expects. */
const STEP_TIMEOUT_MS = 10_000;

export type Role = Parameters<Page['getByRole']>[0];
export type Scope = Page | FrameLocator | Locator;

/** One way a control may be named; the first candidate that is visible wins. */
export interface Candidate {
  role: Role;
  name: string | RegExp;
}

/** A step of a state that could not be done: the message names the state and what was looked for. */
export class StepError extends Error {
  constructor(state: string, what: string, detail: string) {
    super(`[${state}] ${what}: ${detail}`);
    this.name = 'StepError';
  }
}

function describeCandidates(candidates: readonly Candidate[]): string {
  return candidates.map((candidate) => `${candidate.role} "${String(candidate.name)}"`).join(' or ');
}

/**
 * Waits until one of the candidates is visible in the scope and returns it. Names given as strings
 * match exactly, so "Send" does not find "Send message".
 */
export async function find(state: string, scope: Scope, what: string, candidates: readonly Candidate[], timeout = STEP_TIMEOUT_MS): Promise<Locator> {
  const [first, ...rest] = candidates.map((candidate) =>
    scope.getByRole(candidate.role, { name: candidate.name, exact: typeof candidate.name === 'string' }),
  );
  if (first === undefined) throw new StepError(state, what, 'no candidate given');
  const any = rest.reduce((combined, next) => combined.or(next), first).first();
  try {
    await any.waitFor({ state: 'visible', timeout });
  } catch {
    throw new StepError(state, `could not find ${what}`, `tried ${describeCandidates(candidates)} for ${timeout / 1000} s`);
  }
  return any;
}

/** Waits until text matching the pattern is visible in the scope (for statuses and messages). */
export async function findText(state: string, scope: Scope, what: string, pattern: string | RegExp, timeout = STEP_TIMEOUT_MS): Promise<Locator> {
  const locator = scope.getByText(pattern, { exact: typeof pattern === 'string' }).first();
  try {
    await locator.waitFor({ state: 'visible', timeout });
  } catch {
    throw new StepError(state, `could not find ${what}`, `no visible text ${String(pattern)} after ${timeout / 1000} s`);
  }
  return locator;
}

/** Turns a catalogue template such as "You are number {position} in line." into a pattern (unanchored). */
export function templatePattern(template: string): RegExp {
  const escaped = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
  return new RegExp(escaped.replace(/\{\w+\}/g, '.+'));
}

/** The pictures of one run, kept in memory until all of them are taken. */
export class Album {
  private readonly pictures = new Map<string, Buffer>();

  constructor(private readonly log: (line: string) => void) {}

  /** The viewport of a page scrolled to its top (console pages), whatever the last step scrolled to. */
  async page(state: string, file: string, page: Page): Promise<void> {
    await page.evaluate('window.scrollTo(0, 0)');
    await settle(page);
    this.keep(state, file, await page.screenshot({ animations: 'disabled', caret: 'hide' }));
  }

  /**
   * The bottom-right corner of the demo page, where the widget lives. When the panel is open it
   * must fit inside the corner, or the picture would cut it off.
   */
  async widget(state: string, file: string, page: Page, panel: Locator | null): Promise<void> {
    const viewport = page.viewportSize() ?? VIEWPORT;
    const clip = {
      x: viewport.width - WIDGET_CORNER.width,
      y: viewport.height - WIDGET_CORNER.height,
      width: WIDGET_CORNER.width,
      height: WIDGET_CORNER.height,
    };
    if (panel !== null) {
      const box = await panel.boundingBox();
      if (box === null) throw new StepError(state, 'the chat panel', 'is not on screen');
      if (box.x < clip.x || box.y < clip.y) {
        throw new StepError(state, 'the chat panel', `(${Math.round(box.width)}×${Math.round(box.height)} at ${Math.round(box.x)},${Math.round(box.y)}) does not fit the picture; widen WIDGET_CORNER in scripts/screenshot-kit.ts`);
      }
    }
    await settle(page);
    this.keep(state, file, await page.screenshot({ clip, animations: 'disabled', caret: 'hide' }));
  }

  private keep(state: string, file: string, png: Buffer): void {
    if (this.pictures.has(file)) throw new StepError(state, file, 'was taken twice');
    if (png.length > PICTURE_MAX_BYTES) {
      throw new StepError(state, file, `is ${Math.round(png.length / 1024)} KB, over the ${PICTURE_MAX_BYTES / 1024} KB budget`);
    }
    this.pictures.set(file, png);
    this.log(`  ${file} (${Math.round(png.length / 1024)} KB)`);
  }

  /** Replaces every PNG in the folder with this run's pictures. */
  async writeAll(directory: string): Promise<number> {
    await mkdir(directory, { recursive: true });
    for (const entry of await readdir(directory)) {
      if (entry.endsWith('.png')) await rm(join(directory, entry));
    }
    for (const [file, png] of this.pictures) await writeFile(join(directory, file), png);
    return this.pictures.size;
  }
}

/**
 * Lets fonts load and a frame paint, so a picture never catches a half-drawn screen, and takes
 * focus off whatever the product focused (a heading, a field): its ring says nothing in a picture.
 */
async function settle(page: Page): Promise<void> {
  for (const frame of page.frames()) {
    await frame.evaluate('document.activeElement instanceof HTMLElement && document.activeElement.blur()');
  }
  // A string, not a function: scripts/ is type-checked without the DOM library.
  await page.evaluate('document.fonts.ready.then(() => undefined)');
  await page.waitForTimeout(200);
}
