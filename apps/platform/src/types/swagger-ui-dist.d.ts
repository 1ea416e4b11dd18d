// The package's entry also evaluates the 1.5 MB browser bundle in Node; the docs route only
// needs the directory of the static files, which this file alone provides.
declare module 'swagger-ui-dist/absolute-path.js' {
  /** The directory holding swagger-ui-dist's static files. */
  export default function getAbsoluteFSPath(): string;
}
