import { useQuery } from '@tanstack/react-query';
import { Button, Modal, Table, Typography } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { correctionRates, type CorrectionRate } from './directives.api.ts';

/** The library's measure of trust: per kind of finding, how often people corrected the parser. */
export function CorrectionRates() {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const query = useQuery({ queryKey: ['directives', 'corrections'], queryFn: ({ signal }) => correctionRates(signal), enabled: open });
  return (
    <>
      <Button onClick={() => setOpen(true)} data-testid="directive-corrections">
        {t('directives.corrections')}
      </Button>
      <Modal open={open} title={t('directives.corrections')} footer={null} onCancel={() => setOpen(false)} destroyOnHidden>
        <Typography.Paragraph type="secondary">{t('directives.correctionsHint')}</Typography.Paragraph>
        <Table<CorrectionRate>
          size="small"
          rowKey="field"
          loading={query.isLoading}
          dataSource={query.data ?? []}
          pagination={false}
          data-testid="correction-rates"
          columns={[
            { title: t('directives.correctionField'), dataIndex: 'field', render: (f: CorrectionRate['field']) => t(`finding.${f}`) },
            { title: t('directives.correctionFound'), dataIndex: 'found', align: 'right' },
            { title: t('directives.correctionCorrected'), dataIndex: 'corrected', align: 'right' },
            { title: t('directives.correctionRate'), dataIndex: 'rate', align: 'right', render: (r: number | null) => (r === null ? '—' : `${(r * 100).toFixed(1)}%`) },
          ]}
        />
      </Modal>
    </>
  );
}
