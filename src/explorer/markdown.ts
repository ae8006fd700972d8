/** Markdown escaping for tooltips: the core's (pages use the same). */
export { md } from '../core/markdown';
