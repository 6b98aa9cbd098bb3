// dcmjs ships no type declarations; `part10.ts` narrows the default export to the few calls we use.
declare module 'dcmjs' {
  const dcmjs: unknown;
  export default dcmjs;
}
