/**
 * Layout checks for WCAG 2.2 AA, measured in a real page or frame: reflow (1.4.10), target size
 * (2.5.8) and what forced colours and reduced motion leave on screen.
 */
import type { Frame, Page } from 'playwright-core';

/**
 * How far the document scrolls sideways (0 when it does not). WCAG 1.4.10 lets a data table
 * scroll in its own container, so only the page's own scrolling counts.
 */
export function horizontalOverflow(target: Page | Frame): Promise<number> {
  return target.evaluate(() => {
    const scroller = document.scrollingElement ?? document.documentElement;
    return Math.max(0, scroller.scrollWidth - scroller.clientWidth);
  });
}

export interface SmallTarget {
  element: string;
  width: number;
  height: number;
}

/**
 * Every visible interactive element smaller than 24×24 CSS px (WCAG 2.5.8). Exempt, as the
 * criterion says: links inline in a sentence. A radio or checkbox inside its label is measured
 * with the label, which takes the click too.
 */
export function smallTargets(target: Page | Frame): Promise<SmallTarget[]> {
  return target.evaluate(() => {
    const selector = 'a[href], button, input:not([type="hidden"]), select, textarea, summary, [role="button"], [role="link"], [role="tab"], [tabindex]:not([tabindex="-1"])';
    const small: SmallTarget[] = [];
    for (const element of Array.from(document.querySelectorAll<HTMLElement>(selector))) {
      const style = getComputedStyle(element);
      if (style.visibility === 'hidden' || style.display === 'none') continue;
      const rect = element.getBoundingClientRect();
      if (rect.width === 0 && rect.height === 0) continue;
      // Visually hidden but focusable (a skip link off screen) is measured when it shows, not here.
      if (rect.right < 0 || rect.bottom < 0 || (rect.width <= 1 && rect.height <= 1)) continue;
      if (element.tagName === 'A' && style.display === 'inline') {
        const block = element.parentElement;
        const own = (element.textContent ?? '').trim().length;
        if (block && (block.textContent ?? '').trim().length > own) continue;
      }
      const label = element.closest('label');
      let { width, height } = rect;
      if (label && element instanceof HTMLInputElement && (element.type === 'radio' || element.type === 'checkbox')) {
        const around = label.getBoundingClientRect();
        width = Math.max(width, around.width);
        height = Math.max(height, around.height);
      }
      if (width < 24 || height < 24) {
        const name = element.getAttribute('aria-label') ?? element.textContent?.trim().slice(0, 40) ?? '';
        small.push({ element: `${element.tagName.toLowerCase()}${element.getAttribute('type') ? `[type=${element.getAttribute('type')}]` : ''}${element.className ? `.${String(element.className).split(' ').join('.')}` : ''} "${name}"`, width: Math.round(width * 10) / 10, height: Math.round(height * 10) / 10 });
      }
    }
    return small;
  });
}
