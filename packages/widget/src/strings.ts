/**
 * Every word the widget shows, per language. A site picks one with `lang="ko"` (or the page's `<html lang>`), and can
 * add or override languages with `registerStrings()` before the element connects.
 */
export interface WidgetStrings {
  /** Accessible name of the message list. */
  logLabel: string;
  inputLabel: string;
  placeholder: string;
  guestPlaceholder: string;
  send: string;
  /** `{n}` = characters left. */
  charsLeft: string;
  connecting: string;
  reconnecting: string;
  connected: string;
  closed: string;
  /** A rejoin could not give every message missed while away. */
  gap: string;
  /** A message of one's own awaits a moderator. */
  held: string;
  notice: string;
  roles: Record<string, string>;
  /** Plain words for a refused message, by the ack's reason (see `refusalText`). */
  refusal: {
    word: string;
    rate: string;
    slowMode: string;
    duplicate: string;
    maxLength: string;
    caps: string;
    raid: string;
    spam: string;
    timedOut: string;
    retry: string;
    readOnly: string;
    tooFast: string;
    notJoined: string;
    noAnswer: string;
    lost: string;
    generic: string;
  };
  error: string;
}

const en: WidgetStrings = {
  logLabel: 'Chat messages',
  inputLabel: 'Message',
  placeholder: 'Say something…',
  guestPlaceholder: 'Log in to chat',
  send: 'Send',
  charsLeft: '{n} characters left',
  connecting: 'Connecting…',
  reconnecting: 'Reconnecting…',
  connected: 'Connected',
  closed: 'Disconnected',
  gap: 'Some messages sent while you were away could not be loaded.',
  held: 'Your message is waiting for a moderator.',
  notice: 'Notice',
  roles: { moderator: 'Mod', admin: 'Admin', subscriber: 'Sub', vip: 'VIP', broadcaster: 'Host' },
  refusal: {
    word: 'Your message was not sent: it contains a word this chat does not allow.',
    rate: 'Your message was not sent: you are sending too fast. Wait a moment.',
    slowMode: 'Slow mode is on: wait a few seconds between messages.',
    duplicate: 'Your message was not sent: you already said that.',
    maxLength: 'Your message was not sent: it is too long.',
    caps: 'Your message was not sent: too many capital letters.',
    raid: 'The chat is restricted right now. Try again in a moment.',
    spam: 'Your message was not sent: it looks like spam.',
    timedOut: 'You are muted in this chat for a while.',
    retry: 'Your message could not be sent. Please try again.',
    readOnly: 'Log in to chat.',
    tooFast: 'You are sending too fast. Wait a moment.',
    notJoined: 'Not in the chat yet. Try again in a moment.',
    noAnswer: 'No answer from the chat. Your message may not have been sent.',
    lost: 'The connection dropped. Your message may not have been sent.',
    generic: 'Your message was not sent.',
  },
  error: 'The chat is unavailable.',
};

const ko: WidgetStrings = {
  logLabel: '채팅 메시지',
  inputLabel: '메시지',
  placeholder: '메시지를 입력하세요…',
  guestPlaceholder: '채팅하려면 로그인하세요',
  send: '보내기',
  charsLeft: '{n}자 남음',
  connecting: '연결 중…',
  reconnecting: '다시 연결 중…',
  connected: '연결됨',
  closed: '연결 끊김',
  gap: '자리를 비운 동안 보낸 일부 메시지를 불러오지 못했습니다.',
  held: '메시지가 운영자의 검토를 기다리고 있습니다.',
  notice: '공지',
  roles: { moderator: '매니저', admin: '관리자', subscriber: '구독자', vip: 'VIP', broadcaster: '방송인' },
  refusal: {
    word: '메시지를 보내지 못했습니다: 이 채팅에서 허용되지 않는 단어가 있습니다.',
    rate: '메시지를 보내지 못했습니다: 너무 빨리 보내고 있습니다. 잠시 기다려 주세요.',
    slowMode: '저속 모드입니다: 메시지 사이에 몇 초 기다려 주세요.',
    duplicate: '메시지를 보내지 못했습니다: 같은 메시지를 이미 보냈습니다.',
    maxLength: '메시지를 보내지 못했습니다: 너무 깁니다.',
    caps: '메시지를 보내지 못했습니다: 대문자가 너무 많습니다.',
    raid: '지금은 채팅이 제한되어 있습니다. 잠시 후 다시 시도해 주세요.',
    spam: '메시지를 보내지 못했습니다: 스팸으로 보입니다.',
    timedOut: '이 채팅에서 잠시 채팅이 금지되었습니다.',
    retry: '메시지를 보내지 못했습니다. 다시 시도해 주세요.',
    readOnly: '채팅하려면 로그인하세요.',
    tooFast: '너무 빨리 보내고 있습니다. 잠시 기다려 주세요.',
    notJoined: '아직 채팅에 참여하지 않았습니다. 잠시 후 다시 시도해 주세요.',
    noAnswer: '채팅 서버가 응답하지 않습니다. 메시지가 전송되지 않았을 수 있습니다.',
    lost: '연결이 끊겼습니다. 메시지가 전송되지 않았을 수 있습니다.',
    generic: '메시지를 보내지 못했습니다.',
  },
  error: '채팅을 사용할 수 없습니다.',
};

const catalog = new Map<string, WidgetStrings>([
  ['en', en],
  ['ko', ko],
]);

/** Adds or replaces a language; missing keys fall back to English. */
export function registerStrings(lang: string, strings: Partial<WidgetStrings>): void {
  catalog.set(lang.toLowerCase(), { ...en, ...strings, roles: { ...en.roles, ...strings.roles }, refusal: { ...en.refusal, ...strings.refusal } });
}

/** The strings of `lang` (`ko-KR` → `ko`), English when the language is not known. */
export function stringsFor(lang: string | null | undefined): WidgetStrings {
  const tag = (lang ?? '').toLowerCase();
  return catalog.get(tag) ?? catalog.get(tag.split('-')[0] ?? '') ?? en;
}

export function format(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in values ? String(values[key]) : whole));
}

const spamKinds: Record<string, keyof WidgetStrings['refusal']> = {
  rate: 'rate',
  slow_mode: 'slowMode',
  duplicate: 'duplicate',
  max_length: 'maxLength',
  caps: 'caps',
  raid: 'raid',
};

/**
 * A refusal in plain words. `reason` is the ack's (docs/protocol.md: `word:<rule>`, `spam:<kind>`, `timed_out`,
 * `unavailable`, `internal`, `word_rule`, `spam_rule`) or one of the SDK's local codes (`read_only`, `rate_limited`,
 * `not_joined`, `ack_timeout`, `disconnected`). Rule ids are never shown: they are the operator's vocabulary.
 */
export function refusalText(strings: WidgetStrings, reason: string | undefined): string {
  const r = strings.refusal;
  if (!reason) return r.generic;
  if (reason.startsWith('word:') || reason === 'word_rule') return r.word;
  if (reason.startsWith('spam:')) {
    const kind = reason.slice('spam:'.length).split(/\s/)[0] ?? '';
    return r[spamKinds[kind] ?? 'spam'];
  }
  switch (reason) {
    case 'spam_rule':
      return r.spam;
    case 'timed_out':
      return r.timedOut;
    case 'unavailable':
    case 'internal':
      return r.retry;
    case 'read_only':
      return r.readOnly;
    case 'not_connected':
      return r.lost;
    case 'rate_limited':
      return r.tooFast;
    case 'not_joined':
      return r.notJoined;
    case 'ack_timeout':
      return r.noAnswer;
    case 'disconnected':
      return r.lost;
    default:
      return r.generic;
  }
}
