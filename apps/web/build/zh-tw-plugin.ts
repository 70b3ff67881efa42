import * as OpenCC from 'opencc-js';
import { runnerImport, type Plugin } from 'vite';

/** The module id the web app imports the Traditional Chinese messages from. */
export const ZH_TW_MODULE_ID = 'virtual:luoshi/zh-TW';
const RESOLVED_ID = `\0${ZH_TW_MODULE_ID}`;

/**
 * Serves the zh-TW messages as a virtual module built from the zh-CN source file with OpenCC
 * (cn → tw) at build and dev time, so Traditional Chinese is never edited by hand, never goes
 * stale, and no generated file is written to the source tree. `zhCnFile` must export `zhCN`.
 */
export function zhTwMessages(zhCnFile: string): Plugin {
  let code: string | undefined;
  return {
    name: 'luoshi-zh-tw',
    resolveId(id) {
      return id === ZH_TW_MODULE_ID ? RESOLVED_ID : undefined;
    },
    async load(id) {
      if (id !== RESOLVED_ID) return undefined;
      this.addWatchFile(zhCnFile);
      if (!code) {
        // zh-CN.ts is TypeScript importing @luoshi/shared; Vite's module runner evaluates it as the app would.
        const { module } = await runnerImport<{ zhCN: Record<string, string> }>(zhCnFile);
        const convert = OpenCC.Converter({ from: 'cn', to: 'tw' });
        const messages = Object.fromEntries(Object.entries(module.zhCN).map(([key, text]) => [key, convert(text)]));
        code = `export default ${JSON.stringify(messages, null, 1)};\n`;
      }
      return code;
    },
    watchChange(id) {
      if (id === zhCnFile) code = undefined;
    },
    handleHotUpdate({ file, server }) {
      if (file !== zhCnFile) return;
      code = undefined;
      const mod = server.moduleGraph.getModuleById(RESOLVED_ID);
      if (mod) server.moduleGraph.invalidateModule(mod);
    },
  };
}
