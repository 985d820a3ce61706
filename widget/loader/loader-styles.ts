/**
 * The launcher's and panel's styles, inside the shadow root. `all: initial` on the host cuts every
 * inherited page style; sizes are in px because the page's root font size is not ours to trust.
 * Colours meet WCAG 2.2 AA contrast (white on #1d3a5f is 11.6:1; the focus ring is 3px). The
 * launcher is 48px high (a 20px line, 12px of padding and 2px of border each side). Written
 * short, as the loader's budget asks (2 KB gzipped): `*` under a bottom-left host moves the two
 * fixed boxes (nothing else in the shadow root is positioned).
 */
export const LOADER_CSS =
  ':host{all:initial}' +
  '.launcher,.panel{position:fixed;right:16px;z-index:2147483000}' +
  ':host([data-corner=bottom-left]) *{right:auto;left:16px}' +
  '.launcher{bottom:16px;padding:12px 20px;border:2px solid #fff;border-radius:24px;background:#1d3a5f;color:#fff;font:600 16px/1.25 system-ui,sans-serif;box-shadow:0 2px 8px #0006}' +
  ':focus-visible{outline:3px solid #f2a900;outline-offset:2px}' +
  '.badge{padding:2px 8px;border-radius:12px;background:#fff;color:#8a1c14;font-size:14px}' +
  '.panel{bottom:80px;width:min(384px,100vw - 32px);height:min(600px,100vh - 112px);border-radius:8px;overflow:hidden;box-shadow:0 4px 24px #0006;outline:2px solid transparent}' +
  'iframe{display:block;width:100%;height:100%;border:0;background:#fff}' +
  '@media (max-width:480px){:host .panel{right:0;left:0;bottom:0;width:100vw;height:100vh;border-radius:0}[aria-expanded=true]{display:none}}';
