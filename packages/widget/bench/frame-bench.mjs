// `npm run bench -w @tribune/widget`: the widget alone in headless Chromium (/usr/bin/chromium), messages fed straight
// into its render queue at 100 msg/s (4 every 40 ms), the page recording every animation frame and the time each
// render (one per frame) takes. Without network or nodes: what the widget itself costs. Prints one line.
import { chromium } from '@playwright/test';
import { readFileSync } from 'node:fs';
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
const p = await b.newPage();
await p.setContent(`<html><body style="height:600px"><tribune-chat style="height:500px"></tribune-chat></body></html>`);
await p.addScriptTag({ type: 'module', content: readFileSync(new URL('../dist/tribune-chat.js', import.meta.url), 'utf8') });
const r = await p.evaluate(async (aria) => {
  const el = document.querySelector('tribune-chat');
  if (!aria) el.shadowRoot.querySelector('[role=log]').removeAttribute('aria-live');
  const proto = customElements.get('tribune-chat').prototype; const flush = proto.flush; const work = [];
  proto.flush = function () { const t = performance.now(); flush.call(this); work.push(performance.now() - t); };
  const frames = []; let last = 0; let on = true;
  const tick = (t) => { if (last) frames.push(t - last); last = t; if (on) requestAnimationFrame(tick); }; requestAnimationFrame(tick);
  let i = 0;
  await new Promise((res) => { const timer = setInterval(() => { for (let k = 0; k < 4; k++) { el.enqueue({ id: 'm' + i, kind: 'message', message: { room: 'r', id: 'm' + i, user: { id: 'u', name: 'Loadbot ' + (i % 4), roles: ['moderator'] }, text: 'load message number ' + i++, ts: Date.now() } }); } if (i >= 600) { clearInterval(timer); res(); } }, 40); });
  await new Promise((r) => setTimeout(r, 300)); on = false;
  const pct = (xs, q) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * q)];
  return { frames: frames.length, fp50: pct(frames, .5), fp95: pct(frames, .95), wp50: pct(work, .5), wp95: pct(work, .95), n: work.length };
}, true);
console.log(`600 messages at 100 msg/s into one <tribune-chat> (no network): ${r.frames} frames, rAF interval p50 ${r.fp50.toFixed(1)} ms p95 ${r.fp95.toFixed(1)} ms; ${r.n} renders, render work p50 ${r.wp50.toFixed(1)} ms p95 ${r.wp95.toFixed(1)} ms`);
await b.close();
