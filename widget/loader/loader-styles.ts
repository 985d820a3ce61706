/**
 * The launcher's and panel's styles, inside the shadow root. `all: initial` on the host cuts every
 * inherited page style; sizes are in px because the page's root font size is not ours to trust.
 * Colours meet WCAG 2.2 AA contrast (white on #1d3a5f is 11.6:1; the focus ring is 3px).
 */
export const LOADER_CSS = `
:host{all:initial}
:host([data-corner=left]) .launcher,:host([data-corner=left]) .panel{right:auto;left:16px}
.launcher{position:fixed;right:16px;bottom:16px;z-index:2147483000;display:inline-flex;align-items:center;gap:8px;min-height:48px;padding:12px 20px;border:2px solid #fff;border-radius:24px;background:#1d3a5f;color:#fff;font:600 16px/1.25 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;box-shadow:0 2px 8px rgba(0,0,0,.3);cursor:pointer}
.launcher:hover{background:#142a45}
.launcher:focus-visible{outline:3px solid #f2a900;outline-offset:2px}
.badge{padding:2px 8px;border-radius:12px;background:#fff;color:#8a1c14;font-size:14px}
.panel{position:fixed;right:16px;bottom:80px;z-index:2147483000;width:min(384px,calc(100vw - 32px));height:min(600px,calc(100vh - 112px));border-radius:8px;overflow:hidden;background:#fff;box-shadow:0 4px 24px rgba(0,0,0,.35);outline:2px solid transparent}
.panel[hidden]{display:none}
iframe{display:block;width:100%;height:100%;border:0}
@media (max-width:480px){.panel,:host([data-corner=left]) .panel{right:0;left:0;bottom:0;width:100vw;height:100vh;border-radius:0}.launcher[aria-expanded=true]{display:none}}
@media (prefers-reduced-motion:no-preference){.launcher{transition:background .15s}}
`;
