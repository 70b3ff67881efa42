import { Tag } from 'antd';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import type { DirectiveStatus } from './directives.api.ts';

/** 草稿 / 已发布 as a coloured tag. */
export function DirectiveStatusTag({ status }: { status: DirectiveStatus }) {
  const { t } = useI18n();
  return (
    <Tag color={status === 'published' ? 'success' : 'gold'} data-testid="directive-status">
      {t(`directiveStatus.${status}`)}
    </Tag>
  );
}
