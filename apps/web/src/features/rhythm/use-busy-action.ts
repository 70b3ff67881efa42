import { App } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { errorMessage } from '../../lib/errors.ts';

/** One button's server call at a time: `busy` names the running one, an error becomes a message, `after` runs on success. */
export function useBusyAction(after: () => void) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [busy, setBusy] = useState('');
  const run = async (key: string, job: () => Promise<unknown>) => {
    setBusy(key);
    try {
      await job();
      after();
    } catch (err) {
      message.error(errorMessage(err, t));
    } finally {
      setBusy('');
    }
  };
  return { busy, run };
}
