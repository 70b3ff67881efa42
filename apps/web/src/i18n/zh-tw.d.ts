// Generated at build time from zh-CN.ts by build/zh-tw-plugin.ts (OpenCC cn → tw).
declare module 'virtual:luoshi/zh-TW' {
  const messages: Record<string, string>;
  export default messages;
}
