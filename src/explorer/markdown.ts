/** Markdown escaping for tooltips: the core's (pages use the same). */
export { md, mdCode } from '../core/markdown';
