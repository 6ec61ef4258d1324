// Bundler asset imports used by the browser worker entry: `?url` resolves to the served file's URL.
declare module '*?url' {
  const url: string;
  export default url;
}
