/**
 * The shadow root's style sheet. Every colour and the font are custom properties, which inherit through the shadow
 * boundary: a site themes the widget from its own CSS (`tribune-chat { --tribune-accent: hotpink }`). `theme="dark"`
 * / `theme="light"` force a palette; without it the viewer's `prefers-color-scheme` decides.
 */
export const styles = /* css */ `
:host {
  --_bg: var(--tribune-bg, #ffffff);
  --_fg: var(--tribune-fg, #16181d);
  --_muted: var(--tribune-muted, #5d6470);
  --_border: var(--tribune-border, #d9dce1);
  --_accent: var(--tribune-accent, #2657d9);
  --_notice-bg: var(--tribune-notice-bg, #fff6d6);
  --_error: var(--tribune-error, #b3261e);
  --_input-bg: var(--tribune-input-bg, #f6f7f9);
  display: flex;
  flex-direction: column;
  min-height: 0;
  height: var(--tribune-height, 100%);
  box-sizing: border-box;
  background: var(--_bg);
  color: var(--_fg);
  font: var(--tribune-font, 14px/1.4 system-ui, -apple-system, "Segoe UI", "Noto Sans KR", sans-serif);
  border: 1px solid var(--_border);
  border-radius: var(--tribune-radius, 8px);
  overflow: hidden;
}
:host([theme="dark"]) {
  --_bg: var(--tribune-bg, #15171c);
  --_fg: var(--tribune-fg, #e8eaee);
  --_muted: var(--tribune-muted, #9aa1ad);
  --_border: var(--tribune-border, #2d3139);
  --_accent: var(--tribune-accent, #8fb0ff);
  --_notice-bg: var(--tribune-notice-bg, #3a3213);
  --_error: var(--tribune-error, #ffb4ab);
  --_input-bg: var(--tribune-input-bg, #1f2229);
}
@media (prefers-color-scheme: dark) {
  :host(:not([theme="light"])) {
    --_bg: var(--tribune-bg, #15171c);
    --_fg: var(--tribune-fg, #e8eaee);
    --_muted: var(--tribune-muted, #9aa1ad);
    --_border: var(--tribune-border, #2d3139);
    --_accent: var(--tribune-accent, #8fb0ff);
    --_notice-bg: var(--tribune-notice-bg, #3a3213);
    --_error: var(--tribune-error, #ffb4ab);
    --_input-bg: var(--tribune-input-bg, #1f2229);
  }
}
.status { padding: 4px 10px; font-size: 12px; color: var(--_muted); border-bottom: 1px solid var(--_border); }
.log {
  flex: 1 1 auto;
  min-height: 0;
  overflow-y: auto;
  padding: 6px 10px;
  overscroll-behavior: contain;
  /* Each line is laid out on its own: appending one never re-lays-out the others. */
  contain: strict;
}
.log:focus-visible { outline: 2px solid var(--_accent); outline-offset: -2px; }
.msg { padding: 2px 0; overflow-wrap: anywhere; contain: layout style; }
.name { font-weight: 600; color: var(--_accent); }
.role {
  display: inline-block; padding: 0 4px; border-radius: 3px;
  font-size: 11px; border: 1px solid var(--_border); color: var(--_muted);
}
.notice { background: var(--_notice-bg); padding: 4px 6px; margin: 4px 0; border-radius: 4px; }
.gap { color: var(--_muted); font-style: italic; }
form { display: flex; gap: 6px; padding: 8px; border-top: 1px solid var(--_border); align-items: center; }
input {
  flex: 1 1 auto; min-width: 0; padding: 6px 8px; font: inherit; color: var(--_fg);
  background: var(--_input-bg); border: 1px solid var(--_border); border-radius: 6px;
}
input:focus-visible, button:focus-visible { outline: 2px solid var(--_accent); outline-offset: 1px; }
button {
  padding: 6px 12px; font: inherit; font-weight: 600; border-radius: 6px; border: 0;
  background: var(--_accent); color: var(--_bg); cursor: pointer;
}
button:disabled, input:disabled { opacity: .55; cursor: not-allowed; }
.feedback { min-height: 1.4em; padding: 0 10px 6px; font-size: 12px; color: var(--_error); }
.feedback.info { color: var(--_muted); }
.count { font-size: 11px; color: var(--_muted); white-space: nowrap; }
.sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
`;
