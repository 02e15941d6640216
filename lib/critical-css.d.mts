/** A rewriter of pages: the CSS rules a page uses inline, its stylesheet link moved before `</body>`. */
export function criticalCss(o: { staticRoot: string; publicPath: string; onError?: (err: unknown) => void }): (html: string) => Promise<string>;
