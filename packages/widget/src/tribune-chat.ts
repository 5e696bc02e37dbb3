import { MAX_TEXT_LENGTH, SendRefusedError, TribuneClient, TribuneError, type ChatMessage, type ConnectionState } from '@tribune/client';
import { RenderQueue } from './render-queue.js';
import { styles } from './styles.js';
import { format, refusalText, stringsFor, type WidgetStrings } from './strings.js';

/** A line of the log: a message, or a line of the widget's own (notice, gap). */
type LogItem = { id: string; kind: 'message'; message: ChatMessage } | { id: string; kind: 'notice' | 'gap'; text: string };

const DEFAULT_MAX_MESSAGES = 200;
/** Stuck to the bottom when within this many pixels of it: the viewer has not scrolled up to read. */
const STICK_PX = 24;

function splitNodes(value: string | null): string[] {
  return (value ?? '')
    .split(/[\s,]+/)
    .map((u) => u.trim())
    .filter(Boolean);
}

function positiveInt(value: string | null, fallback: number, max: number): number {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? Math.min(n, max) : fallback;
}

/**
 * `<tribune-chat room="final-2026" token-url="/chat-token" nodes="wss://a/ws,wss://b/ws" lang="ko">`: one room's
 * chat. The attributes are read when the element is connected to the page (changing `room` or `nodes` later
 * reconnects). `token-url` answers `{ "token": "<viewer JWT>" }` for the logged-in site user, or a non-2xx status for
 * a visitor, who then reads as a guest. Optional: `max-messages` (lines kept in the DOM, default 200), `max-length`
 * (characters a message may have, at most the protocol's 2000), `theme` (`light` | `dark`), `lang` (else the page's).
 *
 * Events (bubbling, composed): `tribune-state` `{ state }`, `tribune-sent` `{ id, status }`, `tribune-refused`
 * `{ reason, text }`.
 */
export class TribuneChatElement extends HTMLElement {
  static readonly observedAttributes = ['room', 'nodes', 'token-url', 'lang', 'max-length', 'max-messages'];

  private readonly root: ShadowRoot;
  private readonly statusEl: HTMLDivElement;
  private readonly logEl: HTMLDivElement;
  private readonly form: HTMLFormElement;
  private readonly input: HTMLInputElement;
  private readonly button: HTMLButtonElement;
  private readonly countEl: HTMLSpanElement;
  private readonly feedbackEl: HTMLDivElement;
  private readonly inputLabel: HTMLLabelElement;

  private client: TribuneClient | undefined;
  private strings: WidgetStrings = stringsFor('en');
  private queue = new RenderQueue<LogItem>(DEFAULT_MAX_MESSAGES);
  private maxMessages = DEFAULT_MAX_MESSAGES;
  private maxLength = MAX_TEXT_LENGTH;
  private readonly rendered = new Map<string, HTMLElement>();
  private frame = 0;
  private localIds = 0;
  private guest = true;
  private state: ConnectionState = 'idle';
  private restartPending = false;
  private timeFormat = new Intl.DateTimeFormat('en', { timeStyle: 'medium' });

  constructor() {
    super();
    this.root = this.attachShadow({ mode: 'open' });
    const style = document.createElement('style');
    style.textContent = styles;

    this.statusEl = document.createElement('div');
    this.statusEl.className = 'status';
    this.statusEl.setAttribute('role', 'status');
    this.statusEl.part.add('status');

    // role=log is implicitly aria-live=polite; said explicitly for the screen readers that do not infer it.
    // Only additions are announced: a deleted line vanishing is not read out.
    this.logEl = document.createElement('div');
    this.logEl.className = 'log';
    this.logEl.setAttribute('role', 'log');
    this.logEl.setAttribute('aria-live', 'polite');
    this.logEl.setAttribute('aria-relevant', 'additions');
    this.logEl.tabIndex = 0; // scrollable with the keyboard
    this.logEl.part.add('log');

    this.form = document.createElement('form');
    this.form.part.add('form');
    const inputId = 'tribune-chat-input';
    this.inputLabel = document.createElement('label');
    this.inputLabel.className = 'sr-only';
    this.inputLabel.htmlFor = inputId;
    this.input = document.createElement('input');
    this.input.id = inputId;
    this.input.type = 'text';
    this.input.autocomplete = 'off';
    this.input.enterKeyHint = 'send';
    this.input.setAttribute('aria-describedby', 'tribune-chat-count tribune-chat-feedback');
    this.countEl = document.createElement('span');
    this.countEl.className = 'count';
    this.countEl.id = 'tribune-chat-count';
    this.countEl.setAttribute('aria-live', 'off');
    this.button = document.createElement('button');
    this.button.type = 'submit';
    this.form.append(this.inputLabel, this.input, this.countEl, this.button);

    // Refusals are for the sender alone and matter now: announced at once.
    this.feedbackEl = document.createElement('div');
    this.feedbackEl.className = 'feedback';
    this.feedbackEl.id = 'tribune-chat-feedback';
    this.feedbackEl.setAttribute('role', 'alert');

    this.root.append(style, this.statusEl, this.logEl, this.form, this.feedbackEl);
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.submit();
    });
    this.input.addEventListener('input', () => this.updateCount());
  }

  connectedCallback(): void {
    this.applyAttributes();
    this.start();
  }

  disconnectedCallback(): void {
    this.stop();
  }

  attributeChangedCallback(name: string, previous: string | null, next: string | null): void {
    if (!this.isConnected || previous === next) return;
    this.applyAttributes();
    if (name === 'room' || name === 'nodes' || name === 'token-url') this.scheduleRestart();
  }

  /** The SDK client in use (for a site that wants its events too), undefined before connection. */
  get chat(): TribuneClient | undefined {
    return this.client;
  }

  private applyAttributes(): void {
    const lang = this.getAttribute('lang') || document.documentElement.lang || 'en';
    this.strings = stringsFor(lang);
    // One formatter, made once: formatting is the costly part of a timestamp.
    this.timeFormat = new Intl.DateTimeFormat(lang, { timeStyle: 'medium' });
    this.maxLength = positiveInt(this.getAttribute('max-length'), MAX_TEXT_LENGTH, MAX_TEXT_LENGTH);
    const maxMessages = positiveInt(this.getAttribute('max-messages'), DEFAULT_MAX_MESSAGES, 5000);
    if (maxMessages !== this.maxMessages) {
      this.maxMessages = maxMessages;
      this.queue = new RenderQueue<LogItem>(maxMessages);
    }
    const s = this.strings;
    this.logEl.setAttribute('aria-label', s.logLabel);
    this.inputLabel.textContent = s.inputLabel;
    this.button.textContent = s.send;
    this.input.maxLength = this.maxLength;
    this.renderInputState();
    this.renderState();
  }

  private scheduleRestart(): void {
    if (this.restartPending) return;
    this.restartPending = true;
    queueMicrotask(() => {
      this.restartPending = false;
      if (!this.isConnected) return;
      this.stop();
      this.start();
    });
  }

  private start(): void {
    const room = this.getAttribute('room');
    const urls = splitNodes(this.getAttribute('nodes'));
    if (!room || urls.length === 0) {
      this.showFeedback(`${this.strings.error} (room, nodes)`);
      return;
    }
    const tokenUrl = this.getAttribute('token-url');
    this.guest = !tokenUrl;
    const client = new TribuneClient({
      urls,
      shuffle: true,
      token: tokenUrl ? () => this.fetchToken(tokenUrl) : null,
    });
    this.client = client;
    client.on('state', ({ state }) => {
      this.state = state;
      this.renderState();
      this.dispatchEvent(new CustomEvent('tribune-state', { detail: { state }, bubbles: true, composed: true }));
    });
    client.on('message', (message) => {
      if (message.room === room) this.enqueue({ id: message.id, kind: 'message', message });
    });
    client.on('deleted', ({ room: r, id }) => {
      if (r === room) this.dequeue(id);
    });
    client.on('notice', ({ room: r, text }) => {
      if (r === room) this.enqueue({ id: `local-${++this.localIds}`, kind: 'notice', text });
    });
    client.on('joined', ({ room: r, rejoin, recovered }) => {
      if (r === room && rejoin && recovered === false) this.enqueue({ id: `local-${++this.localIds}`, kind: 'gap', text: this.strings.gap });
    });
    client.on('error', (err) => {
      if (err.code === 'bad_token' || err.code === 'origin_not_allowed') this.showFeedback(this.strings.error);
    });
    const failed = (err: unknown) => {
      if (this.client !== client) return; // stopped meanwhile
      this.showFeedback(err instanceof TribuneError && err.code === 'unknown_room' ? `${this.strings.error} (${room})` : this.strings.error);
    };
    client
      .connect()
      .then(() => client.join(room))
      .then(
        () => this.renderInputState(),
        (err: unknown) => failed(err),
      );
  }

  private stop(): void {
    this.client?.close();
    this.client = undefined;
    if (this.frame) cancelAnimationFrame(this.frame);
    this.frame = 0;
  }

  private async fetchToken(url: string): Promise<string | null> {
    const response = await fetch(url, { credentials: 'include', headers: { accept: 'application/json' } });
    // A visitor who is not logged in: the site says so with 401/403, and the widget reads as a guest.
    if (response.status === 401 || response.status === 403) {
      this.setGuest(true);
      return null;
    }
    if (!response.ok) throw new Error(`token-url answered ${response.status}`);
    const body = (await response.json()) as { token?: unknown };
    const token = typeof body.token === 'string' && body.token ? body.token : null;
    this.setGuest(token === null);
    return token;
  }

  private setGuest(guest: boolean): void {
    if (this.guest === guest) return;
    this.guest = guest;
    this.renderInputState();
  }

  private submit(): void {
    const client = this.client;
    const room = this.getAttribute('room');
    const text = this.input.value.trim();
    if (!client || !room || !text || this.guest) return;
    if ([...text].length > this.maxLength) {
      this.showFeedback(this.strings.refusal.maxLength);
      return;
    }
    this.input.value = '';
    this.updateCount();
    this.clearFeedback();
    client.send(room, text).then(
      ({ id, status }) => {
        if (status === 'held') this.showFeedback(this.strings.held, true);
        // `shadowed`: only the sender sees it, and must not be told.
        this.dispatchEvent(new CustomEvent('tribune-sent', { detail: { id, status }, bubbles: true, composed: true }));
      },
      (err: unknown) => {
        const reason = err instanceof SendRefusedError ? err.reason : err instanceof TribuneError ? err.code : undefined;
        const plain = refusalText(this.strings, reason);
        this.showFeedback(plain);
        // Give the text back when it was not recorded, so it can be sent again or edited.
        if (!this.input.value && !(err instanceof SendRefusedError && !err.retriable)) {
          this.input.value = text;
          this.updateCount();
        }
        this.dispatchEvent(new CustomEvent('tribune-refused', { detail: { reason, text: plain }, bubbles: true, composed: true }));
      },
    );
  }

  private showFeedback(text: string, info = false): void {
    this.feedbackEl.textContent = text;
    this.feedbackEl.classList.toggle('info', info);
  }

  private clearFeedback(): void {
    this.feedbackEl.textContent = '';
  }

  private updateCount(): void {
    const left = this.maxLength - [...this.input.value].length;
    // Shown once it matters, so the common case stays quiet.
    this.countEl.textContent = left <= Math.min(50, this.maxLength / 5) ? format(this.strings.charsLeft, { n: left }) : '';
  }

  private renderInputState(): void {
    this.input.disabled = this.guest;
    this.button.disabled = this.guest;
    this.input.placeholder = this.guest ? this.strings.guestPlaceholder : this.strings.placeholder;
    this.updateCount();
  }

  private renderState(): void {
    const s = this.strings;
    const label: Record<ConnectionState, string> = { idle: s.connecting, connecting: s.connecting, open: s.connected, reconnecting: s.reconnecting, closed: s.closed };
    this.statusEl.textContent = label[this.state];
  }

  private enqueue(item: LogItem): void {
    this.queue.add(item);
    this.schedule();
  }

  private dequeue(id: string): void {
    this.queue.remove(id);
    this.schedule();
  }

  private schedule(): void {
    if (!this.frame) this.frame = requestAnimationFrame(() => this.flush());
  }

  /** One DOM update per animation frame, however many messages came: a fragment appended, the oldest lines dropped. */
  private flush(): void {
    this.frame = 0;
    const { added, removed } = this.queue.drain();
    const log = this.logEl;
    const stuck = log.scrollHeight - log.scrollTop - log.clientHeight <= STICK_PX;
    for (const id of removed) {
      const el = this.rendered.get(id);
      if (el) {
        el.remove();
        this.rendered.delete(id);
      }
    }
    if (added.length > 0) {
      const fragment = document.createDocumentFragment();
      for (const item of added) {
        const el = this.line(item);
        this.rendered.set(item.id, el);
        fragment.append(el);
      }
      log.append(fragment);
    }
    let excess = log.childElementCount - this.maxMessages;
    while (excess-- > 0) {
      const first = log.firstElementChild as HTMLElement | null;
      if (!first) break;
      if (first.dataset.id) this.rendered.delete(first.dataset.id);
      first.remove();
    }
    if (stuck) log.scrollTop = log.scrollHeight;
  }

  private line(item: LogItem): HTMLElement {
    const el = document.createElement('div');
    el.dataset.id = item.id;
    if (item.kind !== 'message') {
      el.className = item.kind;
      if (item.kind === 'notice') {
        const label = document.createElement('strong');
        label.textContent = `${this.strings.notice}: `;
        el.append(label);
      }
      el.append(item.text);
      return el;
    }
    const { user, text, ts } = item.message;
    el.className = 'msg';
    el.title = this.timeFormat.format(ts);
    const name = document.createElement('span');
    name.className = 'name';
    name.textContent = user.name;
    el.append(name);
    for (const role of user.roles) {
      const shown = this.strings.roles[role];
      if (!shown) continue; // roles the site uses internally are not badges
      const badge = document.createElement('span');
      badge.className = 'role';
      badge.dataset.role = role;
      badge.textContent = shown;
      el.append(' ', badge);
    }
    const body = document.createElement('span');
    body.className = 'text';
    // textContent only: a message is text, never markup.
    body.textContent = text;
    // Real spaces, not CSS ones: a screen reader and a copy-paste get "Bob Mod hello".
    el.append(' ', body);
    return el;
  }
}
