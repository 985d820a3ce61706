/** The English page's entry (index.html): the chat app with its English strings in the same download. */
import { catalogue } from '../i18n/chat-en.js';
import { startChat } from './main.js';

startChat('en', catalogue);
