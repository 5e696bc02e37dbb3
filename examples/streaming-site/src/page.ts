import type { SiteUser } from './viewer-token.js';

export interface PageInput {
  user: SiteUser | undefined;
  room: string;
  nodes: string;
  widgetUrl: string;
  lang: 'en' | 'ko';
  theme: 'light' | 'dark';
}

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The site's watch page: the player (a placeholder) and, beside it, the chat as two lines of HTML. */
export function renderPage({ user, room, nodes, widgetUrl, lang, theme }: PageInput): string {
  const account = user
    ? `<form method="post" action="/logout"><span>Signed in as <b data-testid="site-user">${escape(user.name)}</b>${user.roles.length ? ` (${escape(user.roles.join(', '))})` : ''}</span> <button>Log out</button></form>`
    : `<form method="post" action="/login" aria-label="site login">
        <label>Name <input name="name" required maxlength="64" autocomplete="nickname"></label>
        <label>Role <select name="role"><option value="">viewer</option><option>subscriber</option><option>moderator</option></select></label>
        <button>Log in</button>
      </form>`;
  return `<!doctype html>
<html lang="${lang}">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Tribune Sports — live</title>
  <style>
    :root { color-scheme: ${theme}; --page-bg: ${theme === 'dark' ? '#0d0f13' : '#f2f3f5'}; --page-fg: ${theme === 'dark' ? '#e8eaee' : '#16181d'}; }
    body { margin: 0; font: 15px/1.4 system-ui, sans-serif; background: var(--page-bg); color: var(--page-fg); }
    header { display: flex; justify-content: space-between; align-items: center; padding: 10px 20px; gap: 12px; flex-wrap: wrap; }
    header h1 { font-size: 18px; margin: 0; }
    header form { display: flex; gap: 8px; align-items: center; }
    main { display: grid; grid-template-columns: minmax(0, 1fr) 360px; gap: 16px; padding: 0 20px 20px; height: calc(100vh - 80px); min-height: 420px; }
    .player { position: relative; background: #000 linear-gradient(135deg, #1b2a4a, #06090f); border-radius: 8px; aspect-ratio: 16 / 9; max-height: 100%; color: #fff; display: grid; place-items: center; }
    .player .live { position: absolute; top: 12px; left: 12px; background: #d32; padding: 2px 8px; border-radius: 4px; font-weight: 700; font-size: 12px; }
    tribune-chat { height: 100%; }
    @media (max-width: 800px) { main { grid-template-columns: 1fr; height: auto; } tribune-chat { height: 480px; } }
  </style>
  <script type="module" src="${escape(widgetUrl)}"></script>
</head>
<body>
  <header><h1>Tribune Sports</h1>${account}</header>
  <main>
    <div class="player" role="img" aria-label="Video player (placeholder)"><span class="live">LIVE</span><span>Final 2026 — video placeholder</span></div>
    <tribune-chat room="${escape(room)}" token-url="/token" nodes="${escape(nodes)}" lang="${lang}" theme="${theme}"></tribune-chat>
  </main>
</body>
</html>
`;
}
