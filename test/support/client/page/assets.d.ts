/** esbuild's dataurl loader turns the font into a `data:` URL string (test/support/client/pageBundle.ts). */
declare module '*.woff2' {
    const url: string;
    export default url;
}
