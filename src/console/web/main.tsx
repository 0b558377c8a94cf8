/** The console's entry point (bundled by console-plugin.ts). */
import { render } from 'preact';
import { App } from './app.js';
import { lang, setLang } from './i18n.js';
import './console.css';

setLang(lang());
render(<App />, document.getElementById('app')!);
