// Vite turns `?url` imports into the URL of the emitted file (web/vite.config.ts bundles
// everything under /assets, served from this origin).
declare module '*?url' {
  const url: string;
  export default url;
}
