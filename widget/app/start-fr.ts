/** The French page's entry (fr.html): the chat app with its French strings in the same download. */
import { catalogue } from '../i18n/chat-fr.js';
import { startChat } from './main.js';

startChat('fr', catalogue);
