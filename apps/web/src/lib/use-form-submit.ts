import { App, type FormInstance } from 'antd';
import { useState } from 'react';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { errorMessage, showFieldErrors } from './errors.ts';

/**
 * The submit of a form that calls the server: `busy` while it runs; an error naming a field is
 * shown on that field, any other one as a message (or through `onError`, e.g. an inline alert).
 */
export function useFormSubmit<V>(form: FormInstance, run: (values: V) => Promise<unknown>, onError?: (message: string) => void): { submit: (values: V) => Promise<void>; busy: boolean } {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const submit = async (values: V) => {
    setBusy(true);
    try {
      await run(values);
    } catch (err) {
      if (!showFieldErrors(form, err)) (onError ?? message.error)(errorMessage(err, t));
    } finally {
      setBusy(false);
    }
  };
  return { submit, busy };
}
