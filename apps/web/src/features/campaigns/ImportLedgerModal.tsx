import { useQueryClient } from '@tanstack/react-query';
import { ImportModal } from '../../components/ImportModal.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { importLedger } from './campaigns.api.ts';

/** Uploads a 整改台账 sheet of new problems; the server writes all rows or none and lists each row's problems. */
export function ImportLedgerModal({ campaignId, open, onClose }: { campaignId: string; open: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const client = useQueryClient();
  return (
    <ImportModal
      open={open}
      title={t('problem.importTitle')}
      hint={t('problem.importHint')}
      run={async (file) => {
        const { data } = await importLedger(campaignId, file);
        await client.invalidateQueries({ queryKey: ['campaign-problems'] });
        await client.invalidateQueries({ queryKey: ['campaigns', campaignId] });
        return data;
      }}
      doneTitle={(done) => t('problem.importDone', done)}
      onClose={onClose}
    />
  );
}
