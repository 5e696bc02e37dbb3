// @tribune/widget: the <tribune-chat> element (README.md). Importing the bundle defines it once.
import { TribuneChatElement } from './tribune-chat.js';

export { TribuneChatElement } from './tribune-chat.js';
export { registerStrings, type WidgetStrings } from './strings.js';

if (!customElements.get('tribune-chat')) customElements.define('tribune-chat', TribuneChatElement);
