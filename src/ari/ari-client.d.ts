// ari-client ships no types; src/ari/ari-telephony.ts describes the slice it uses.
declare module 'ari-client' {
  const ari: { connect(url: string, user: string, pass: string): Promise<unknown> };
  export default ari;
}
