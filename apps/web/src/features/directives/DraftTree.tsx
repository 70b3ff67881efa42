import { ExclamationCircleFilled } from '@ant-design/icons';
import { Checkbox, Empty, Tag, Tooltip, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { isNonTaskReason, type DraftItem } from './directives.api.ts';
import { draftTree, type TreeNode } from './draft-ops.ts';

interface Props {
  items: DraftItem[];
  selectedKey: string | null;
  errors: Record<string, string>;
  /** Names of units already seen (suggestions), to show beside the item instead of a count. */
  unitNames?: Record<string, string>;
  onSelect: (key: string) => void;
  /** The editor shown under the selected item (absent when read-only). */
  renderEditor?: (item: DraftItem, index: number) => ReactNode;
  /** Items ticked for batch work, with the toggle (absent when read-only). */
  checked?: ReadonlySet<string>;
  onCheck?: (key: string) => void;
}

/**
 * The draft as a tree grouped by the headings it sits under; each item shows its number, title,
 * lead units and deadline, whether it is dropped, and any error the server found in it.
 */
export function DraftTree({ items, selectedKey, errors, unitNames = {}, onSelect, renderEditor, checked, onCheck }: Props) {
  const { t } = useI18n();
  if (items.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('directive.noItems')} />;
  let number = 0;
  const numbers = new Map(items.map((i) => [i.key, i.include ? ++number : 0]));

  const render = (node: TreeNode): ReactNode => {
    if (node.type === 'group') {
      return (
        <div key={node.key} className="draft-group" data-depth={node.depth}>
          <div className="draft-heading">{node.heading}</div>
          <div className="draft-children">{node.children.map(render)}</div>
        </div>
      );
    }
    const { item, index } = node;
    const selected = item.key === selectedKey;
    const error = errors[item.key];
    const known = item.leadUnitIds.map((uid) => unitNames[uid]);
    const units = item.leadUnitIds.length ? (known.every(Boolean) ? t('directive.leadNames', { names: known.join('、') }) : t('directive.leadCount', { count: item.leadUnitIds.length })) : item.leadUnitNames.join('、');
    return (
      <div
        key={item.key}
        className={['draft-item', selected ? 'draft-item-selected' : '', item.include ? '' : 'draft-item-dropped', error ? 'draft-item-error' : ''].join(' ')}
        data-testid="draft-item"
        data-key={item.key}
        data-included={item.include}
        aria-invalid={error ? true : undefined}
      >
        <div className="draft-item-head" role="button" tabIndex={0} onClick={() => onSelect(item.key)} onKeyDown={(e) => (e.key === 'Enter' || e.key === ' ') && e.target === e.currentTarget && onSelect(item.key)}>
          {checked && onCheck ? (
            <span onClick={(e) => e.stopPropagation()} onKeyDown={(e) => e.stopPropagation()} className="draft-item-check">
              <Checkbox checked={checked.has(item.key)} onChange={() => onCheck(item.key)} aria-label={t('directive.selectItem', { title: item.title })} data-testid="draft-item-check" />
            </span>
          ) : null}
          <span className="draft-item-no">{item.include ? numbers.get(item.key) : '—'}</span>
          <span className="draft-item-text">
            <Typography.Text className="draft-item-title" delete={!item.include} data-testid="draft-item-title">
              {item.title || t('directive.untitled')}
            </Typography.Text>
            <span className="draft-item-meta">
              {error ? (
                <Tag color="error" icon={<ExclamationCircleFilled />}>
                  {t('directive.hasError')}
                </Tag>
              ) : null}
              {!item.include && isNonTaskReason(item.nonTask) ? (
                <Tooltip title={t(`directive.nonTaskReason.${item.nonTask}`)}>
                  <Tag data-testid="draft-item-nontask">{t('directive.nonTask')}</Tag>
                </Tooltip>
              ) : !item.include ? (
                <Tag>{t('directive.dropped')}</Tag>
              ) : null}
              {units ? <Tag color={item.leadUnitIds.length ? 'blue' : 'default'}>{units}</Tag> : item.include ? <Tag color="warning">{t('directive.noLead')}</Tag> : null}
              {item.deadline ? <Tag>{item.deadline}</Tag> : item.deadlineText ? <Tag>{item.deadlineText}</Tag> : null}
            </span>
          </span>
        </div>
        {selected && renderEditor ? renderEditor(item, index) : null}
      </div>
    );
  };

  return (
    <div className="draft-tree" data-testid="draft-tree">
      {draftTree(items).map(render)}
    </div>
  );
}
