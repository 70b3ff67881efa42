import { DeleteOutlined, EditOutlined, SaveOutlined, SendOutlined } from '@ant-design/icons';
import { Alert, App, Breadcrumb, Button, Card, DatePicker, Descriptions, List, Skeleton, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link, useBlocker, useNavigate, useSearchParams } from 'react-router-dom';
import { ApiError, fieldErrors } from '../../api/client.ts';
import { ErrorState } from '../../components/ErrorState.tsx';
import { NotFoundCard } from '../../components/NotFoundCard.tsx';
import { LightTag } from '../../components/LightTag.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { errorMessage } from '../../lib/errors.ts';
import { formatDate, formatDateTime } from '../../lib/format.ts';
import { useAsync } from '../../lib/use-async.ts';
import { getOrgUnit } from '../org/org.api.ts';
import { StatusTag } from '../tasks/TaskBits.tsx';
import { attachmentUrl, taskCategories, unitsWithoutActor } from '../tasks/tasks.api.ts';
import { DirectiveMetaModal } from './DirectiveMetaModal.tsx';
import { DirectiveStatusTag } from './DirectiveStatusTag.tsx';
import { deleteDirective, getDirective, publishDirective, saveDraft, updateDirectiveMeta, type DirectiveDetail, type DirectiveMeta, type DirectiveTask, type DraftItem, type SuggestedUnit } from './directives.api.ts';
import { applyBatch, itemIndexOfField, mergeWithNext, moveItem, pruneSelection, splitItem, type BatchChange } from './draft-ops.ts';
import { BatchBar } from './BatchBar.tsx';
import { DraftTree } from './DraftTree.tsx';
import { FindingsTabs } from './FindingsTabs.tsx';
import { ItemEditor } from './ItemEditor.tsx';
import { FOCUS_KEY, SourcePane } from './SourcePane.tsx';
import { useScreens } from '../../lib/use-screens.ts';

/**
 * 审核指示精神: the cleaned source on the left with the selected item's clause highlighted, the
 * draft tree on the right to edit, merge, split, drop, reorder and assign; then publish as tasks.
 * A published directive shows read-only with the tasks it produced.
 */
export function DirectiveReview({ id }: { id: string }) {
  const { t } = useI18n();
  const { data, error, reload } = useAsync((signal) => getDirective(id, signal), [id]);
  const [directive, setDirective] = useState<DirectiveDetail>();
  useEffect(() => setDirective(data), [data]);

  if (error instanceof ApiError && (error.code === 'NOT_FOUND' || error.status === 404 || error.status === 400)) {
    return <NotFoundCard text={t('directive.notFound')} backTo="/directives" backLabel={t('directive.backToList')} />;
  }
  if (error)
    return (
      <Card>
        <ErrorState error={error} onRetry={reload} />
      </Card>
    );
  if (!directive || directive.id !== id)
    return (
      <Card>
        <Skeleton active paragraph={{ rows: 10 }} />
      </Card>
    );
  return <ReviewBody key={directive.id} directive={directive} onChange={setDirective} />;
}

function ReviewBody({ directive, onChange }: { directive: DirectiveDetail; onChange: (next: DirectiveDetail) => void }) {
  const { t } = useI18n();
  const { message, modal } = App.useApp();
  const navigate = useNavigate();
  const editable = directive.status === 'draft' && directive.policies.edit;
  const [items, setItems] = useState<DraftItem[]>(directive.draft);
  const [saved, setSaved] = useState(() => JSON.stringify(directive.draft));
  const [params] = useSearchParams();
  // ?at=<offset> (a task's link to its source) opens the item whose clause covers that offset.
  const [selectedKey, setSelectedKey] = useState<string | null>(() => {
    const at = Number(params.get('at') ?? NaN);
    const cited = Number.isFinite(at) ? directive.draft.find((i) => i.offset !== null && at >= i.offset && at < i.offset + Math.max(1, i.length)) : undefined;
    // Otherwise the first item to be published, not a sentence the parser set aside.
    return (cited ?? directive.draft.find((i) => i.include) ?? directive.draft[0])?.key ?? null;
  });
  const [focus, setFocus] = useState<{ offset: number; length: number } | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [generalError, setGeneralError] = useState<string>();
  const [busy, setBusy] = useState<'save' | 'publish' | null>(null);
  const [editingMeta, setEditingMeta] = useState(false);
  const [published, setPublished] = useState<number | null>(null);
  const [unitNames, setUnitNames] = useState<Record<string, string>>({});
  const leadIds = [...new Set(items.flatMap((i) => i.leadUnitIds))].sort().join(',');
  // Names of the lead units already chosen (saved drafts), so the tree shows who leads each item.
  useEffect(() => {
    const unknown = leadIds.split(',').filter((uid) => uid && !unitNames[uid]);
    if (unknown.length === 0 || unknown.length > 100) return;
    let cancelled = false;
    void Promise.all(unknown.map((uid) => getOrgUnit(uid).then((r) => [uid, r.data.name] as const, () => null))).then((pairs) => {
      if (!cancelled) setUnitNames((old) => ({ ...old, ...Object.fromEntries(pairs.filter((p) => p !== null)) }));
    });
    return () => {
      cancelled = true;
    };
  }, [leadIds]);
  const categories = useAsync((signal) => taskCategories(signal), []);
  const dirty = editable && JSON.stringify(items) !== saved;

  // Leaving with unsaved edits asks first, inside the app and when closing the tab.
  const leaving = useRef(false);
  const blocker = useBlocker(({ currentLocation, nextLocation }) => !leaving.current && dirty && currentLocation.pathname !== nextLocation.pathname);
  useEffect(() => {
    if (blocker.state !== 'blocked') return;
    modal.confirm({
      title: t('directive.unsavedTitle'),
      content: t('directive.unsavedText'),
      okText: t('directive.leave'),
      okButtonProps: { danger: true },
      cancelText: t('directive.stay'),
      onOk: () => blocker.proceed(),
      onCancel: () => blocker.reset(),
    });
  }, [blocker.state]);
  useEffect(() => {
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  const select = useCallback((key: string) => {
    if (key === FOCUS_KEY) return;
    setFocus(null);
    setSelectedKey((current) => (current === key ? null : key));
  }, []);
  const selectFromSource = useCallback((key: string) => {
    if (key === FOCUS_KEY) return;
    setFocus(null);
    setSelectedKey(key);
    requestAnimationFrame(() => document.querySelector(`[data-testid="draft-item"][data-key="${CSS.escape(key)}"]`)?.scrollIntoView({ block: 'nearest', behavior: 'smooth' }));
  }, []);

  const edit = (next: DraftItem[]) => {
    setItems(next);
    setGeneralError(undefined);
  };
  // Items ticked for batch work (不纳入, lead, co-units, deadline, category for many at once): the
  // ticks still in the draft, whatever merges, splits or reloads did to it.
  const [ticked, setTicked] = useState<ReadonlySet<string>>(() => new Set());
  const checked = useMemo(() => pruneSelection(items, ticked), [items, ticked]);
  const toggleChecked = useCallback((key: string) => setTicked((old) => {
    const next = new Set(old);
    if (!next.delete(key)) next.add(key);
    return next;
  }), []);
  const batch = (change: BatchChange) => {
    edit(applyBatch(items, checked, change));
    setErrors((old) => Object.fromEntries(Object.entries(old).filter(([key]) => !checked.has(key))));
  };
  /**
   * Saves the document's title, date, source or kind. The server recounts the draft's deadlines from
   * a new date, so unsaved edits go first and the recounted draft replaces the one on screen.
   */
  const saveMeta = async (meta: DirectiveMeta): Promise<DirectiveDetail> => {
    const redate = meta.docDate !== undefined && meta.docDate !== directive.docDate;
    if (redate && dirty) await saveDraft(directive.id, items);
    const next = await updateDirectiveMeta(directive.id, meta);
    if (redate) {
      setItems(next.draft);
      setSaved(JSON.stringify(next.draft));
      // Asking for the date before publishing (请先填写成文日期) is answered.
      setGeneralError(undefined);
      onChange(next);
    } else onChange({ ...next, draft: items });
    return next;
  };
  // Deadlines count from the document date: without it the review asks for it first.
  const [docDate, setDocDate] = useState<string | null>(null);
  const [dating, setDating] = useState(false);
  const saveDocDate = async () => {
    if (!docDate) return;
    setDating(true);
    try {
      await saveMeta({ docDate });
      message.success(t('directive.docDateSaved'));
    } catch (err) {
      if (!showItemErrors(err)) message.error(errorMessage(err, t));
    } finally {
      setDating(false);
    }
  };
  const patch = (key: string, change: Partial<DraftItem>) => {
    edit(items.map((i) => (i.key === key ? { ...i, ...change } : i)));
    if (errors[key]) setErrors(({ [key]: _gone, ...rest }) => rest);
  };
  const rememberUnits = (units: SuggestedUnit[]) => setUnitNames((old) => ({ ...old, ...Object.fromEntries(units.map((u) => [u.id, u.name])) }));

  /** Puts the server's `items[i].*` errors on their items; true when at least one item took one. */
  const showItemErrors = (err: unknown): boolean => {
    const found: Record<string, string> = {};
    for (const e of fieldErrors(err)) {
      const item = items[itemIndexOfField(e.field)];
      if (item && !found[item.key]) found[item.key] = e.message;
    }
    setErrors(found);
    const first = Object.keys(found)[0];
    if (first) setSelectedKey(first);
    return Boolean(first);
  };

  const save = async () => {
    setBusy('save');
    try {
      const next = await saveDraft(directive.id, items);
      setItems(next.draft);
      setSaved(JSON.stringify(next.draft));
      setErrors({});
      message.success(t('directive.saved'));
    } catch (err) {
      if (!showItemErrors(err)) message.error(errorMessage(err, t));
    } finally {
      setBusy(null);
    }
  };

  const names = async (ids: string[]) => {
    const unknown = ids.filter((uid) => !unitNames[uid]);
    const pairs = await Promise.all(unknown.map((uid) => getOrgUnit(uid).then((r) => [uid, r.data.name] as const, () => [uid, ''] as const)));
    const all = { ...unitNames, ...Object.fromEntries(pairs) };
    setUnitNames(all);
    return ids.map((uid) => all[uid]).filter(Boolean);
  };

  const publish = async () => {
    if (!directive.docDate) {
      setGeneralError(t('directive.docDateFirst'));
      return;
    }
    const included = items.filter((i) => i.include);
    if (included.length === 0) {
      setGeneralError(t('directive.nothingToPublish'));
      return;
    }
    // The same check the server makes, so the person sees every item without a lead unit at once.
    const missing: Record<string, string> = {};
    items.forEach((item, index) => {
      if (!item.include) return;
      if (!item.title.trim()) missing[item.key] = t('directive.titleMissing', { n: index + 1 });
      else if (item.leadUnitIds.length === 0) missing[item.key] = t('directive.leadMissing', { n: index + 1, title: item.title });
      else if (!item.deadline && !item.longTerm) missing[item.key] = t('directive.deadlineMissing', { n: index + 1, title: item.title });
    });
    if (Object.keys(missing).length) {
      setErrors(missing);
      setSelectedKey(Object.keys(missing)[0]!);
      setGeneralError(t('directive.fixItems', { count: Object.keys(missing).length }));
      return;
    }
    const leadIds = [...new Set(included.flatMap((i) => i.leadUnitIds))];
    // Units nobody could acknowledge for are named in the confirmation: a warning, not a refusal.
    const [leadNames, nobody] = await Promise.all([names(leadIds), unitsWithoutActor(included.flatMap((i) => [...i.leadUnitIds, ...i.coUnitIds])).catch(() => [])]);
    const shown = leadNames.slice(0, 5).join('、');
    const summary = leadIds.length > 5 ? t('directive.publishConfirmMore', { count: included.length, units: shown, unitCount: leadIds.length }) : t('directive.publishConfirm', { count: included.length, units: shown });
    modal.confirm({
      title: t('directive.publishTitle'),
      content: nobody.length ? (
        <>
          <p>{summary}</p>
          <Typography.Text type="warning" data-testid="publish-no-actor">{t('units.noActorConfirm', { units: nobody.map((u) => u.name).join('、') })}</Typography.Text>
        </>
      ) : (
        summary
      ),
      okText: t('directive.publish'),
      cancelText: t('common.cancel'),
      onOk: async () => {
        setBusy('publish');
        try {
          const result = await publishDirective(directive.id, items);
          message.success(t('directive.published', { count: result.taskIds.length }));
          setSaved(JSON.stringify(items));
          setErrors({});
          setPublished(result.taskIds.length);
          onChange(result.directive);
        } catch (err) {
          if (showItemErrors(err)) setGeneralError(errorMessage(err, t));
          else message.error(errorMessage(err, t));
        } finally {
          setBusy(null);
        }
      },
    });
  };

  const remove = () =>
    modal.confirm({
      title: t('directive.deleteTitle', { title: directive.title }),
      content: t('directive.deleteText'),
      okText: t('common.delete'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          await deleteDirective(directive.id);
          leaving.current = true;
          message.success(t('directive.deleted'));
          navigate('/directives');
        } catch (err) {
          message.error(errorMessage(err, t));
        }
      },
    });

  const includedCount = items.filter((i) => i.include).length;
  const selectedIndex = items.findIndex((i) => i.key === selectedKey);

  const meta = useMemo(
    () => [
      { key: 'date', label: t('directive.date'), children: formatDate(directive.docDate) },
      { key: 'source', label: t('directive.source'), children: directive.source ?? '—' },
      { key: 'kind', label: t('directive.kind'), children: t(`directiveKind.${directive.kind}`) },
      ...(directive.instruction
        ? [
            { key: 'by', label: t('instruction.by'), children: <span data-testid="instruction-by">{directive.instruction.instructedBy}</span> },
            { key: 'subject', label: t('instruction.subject'), children: directive.instruction.subject },
            ...(directive.instruction.scan
              ? [{ key: 'scan', label: t('instruction.scan'), children: <a href={attachmentUrl(directive.instruction.scan.id)} data-testid="instruction-scan">{directive.instruction.scan.fileName}</a> }]
              : []),
          ]
        : []),
      { key: 'file', label: t('directive.format'), children: directive.originalName ? `${t(`directiveFormat.${directive.format}`)} · ${directive.originalName}` : t(`directiveFormat.${directive.format}`) },
      { key: 'script', label: t('directive.script'), children: t(`script.${directive.script}`) },
      { key: 'author', label: t('directive.author'), children: `${directive.createdByName ?? '—'} · ${formatDateTime(directive.createdAt)}` },
      ...(directive.publishedAt ? [{ key: 'published', label: t('directive.publishedAt'), children: formatDateTime(directive.publishedAt) }] : []),
    ],
    [directive, t],
  );

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="directive-review">
      <Breadcrumb
        items={[
          { key: 'top', title: <Link to="/directives">{t('menu.directives')}</Link> },
          { key: 'this', title: <Typography.Text ellipsis style={{ maxWidth: 260 }}>{directive.title}</Typography.Text> },
        ]}
      />
      <Card>
        <div className="task-head">
          <Typography.Title level={4} style={{ margin: 0 }} data-testid="directive-title">
            {directive.title}
          </Typography.Title>
          <Space wrap size={[8, 6]}>
            <DirectiveStatusTag status={directive.status} />
            {dirty ? <Tag color="orange" data-testid="unsaved-tag">{t('directive.unsaved')}</Tag> : null}
          </Space>
        </div>
        <Space wrap size={[8, 8]} style={{ margin: '12px 0 16px' }}>
          {editable ? (
            <>
              <Button type="primary" icon={<SendOutlined />} loading={busy === 'publish'} disabled={busy !== null || !directive.policies.publish} onClick={publish} data-testid="directive-publish">
                {t('directive.publishN', { count: includedCount })}
              </Button>
              <Button icon={<SaveOutlined />} loading={busy === 'save'} disabled={busy !== null || !dirty} onClick={save} data-testid="directive-save">
                {t('directive.saveDraft')}
              </Button>
            </>
          ) : null}
          {directive.policies.edit ? (
            <Button icon={<EditOutlined />} onClick={() => setEditingMeta(true)} data-testid="directive-edit-meta">
              {t('directive.editMeta')}
            </Button>
          ) : null}
          {directive.status === 'draft' && directive.policies.delete ? (
            <Button danger icon={<DeleteOutlined />} onClick={remove} data-testid="directive-delete">
              {t('directive.deleteDraft')}
            </Button>
          ) : null}
        </Space>
        <Descriptions size="small" column={{ xs: 1, sm: 1, md: 2, xl: 3 }} items={meta} />
        {directive.lostCharacters.length ? (
          <Alert style={{ marginTop: 12 }} type="warning" showIcon title={t('directive.lostWarning', { count: directive.lostCharacters.length })} data-testid="lost-warning" />
        ) : null}
      </Card>

      {editable && !directive.docDate ? (
        <Alert
          type="warning"
          showIcon
          data-testid="doc-date-missing"
          title={t('directive.docDateMissing')}
          description={
            <Space wrap size={[8, 8]}>
              <span>{t('directive.docDateMissingText')}</span>
              <DatePicker value={docDate ? dayjs(docDate) : null} onChange={(d) => setDocDate(d ? d.format('YYYY-MM-DD') : null)} aria-label={t('directive.date')} data-testid="doc-date-picker" />
              <Button type="primary" disabled={!docDate} loading={dating} onClick={saveDocDate} data-testid="doc-date-save">
                {t('directive.docDateSet')}
              </Button>
            </Space>
          }
        />
      ) : null}
      {published ? <Alert type="success" showIcon data-testid="publish-result" title={t('directive.published', { count: published })} description={t('directive.publishedHint')} /> : null}
      {directive.status === 'published' ? <PublishedTasks tasks={directive.tasks} /> : null}
      {generalError ? <Alert type="error" showIcon title={generalError} closable onClose={() => setGeneralError(undefined)} data-testid="review-error" /> : null}

      <div className="review-grid">
        <Card size="small" title={t('directive.sourceText')} className="review-source-card">
          <SourcePane body={directive.body} items={items} selectedKey={focus ? FOCUS_KEY : selectedKey} focus={focus} lostCharacters={directive.lostCharacters} onSelect={selectFromSource} />
        </Card>
        <Card
          size="small"
          title={t('directive.draftTree')}
          extra={<Typography.Text type="secondary">{t('directive.includedOf', { included: includedCount, total: items.length })}</Typography.Text>}
        >
          {editable ? <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>{t('directive.reviewHint')}</Typography.Paragraph> : null}
          {editable && items.length ? <BatchBar items={items} selected={checked} categories={categories.data ?? []} onSelect={setTicked} onApply={batch} /> : null}
          <DraftTree
            items={items}
            selectedKey={selectedKey}
            errors={errors}
            unitNames={unitNames}
            onSelect={select}
            checked={editable ? checked : undefined}
            onCheck={toggleChecked}
            renderEditor={
              editable
                ? (item, index) => (
                    <ItemEditor
                      item={item}
                      isFirst={index === 0}
                      isLast={index === items.length - 1}
                      categories={categories.data ?? []}
                      error={errors[item.key]}
                      onChange={(change) => patch(item.key, change)}
                      onMove={(direction) => edit(moveItem(items, index, direction))}
                      onMerge={() => edit(mergeWithNext(items, index))}
                      onSplit={(at) => edit(splitItem(items, index, at, directive.body))}
                      onUnits={rememberUnits}
                    />
                  )
                : (item) => <ReadOnlyItem item={item} />
            }
          />
          {selectedIndex < 0 && items.length ? <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>{t('directive.selectHint')}</Typography.Paragraph> : null}
        </Card>
      </div>

      <Card size="small" title={t('directive.findings')}>
        <FindingsTabs
          directive={directive}
          onChange={onChange}
          onLocate={(offset, length) => {
            setFocus({ offset, length });
            window.scrollTo({ top: 0, behavior: 'smooth' });
          }}
        />
      </Card>
      <DirectiveMetaModal
        directive={directive}
        open={editingMeta}
        onClose={() => setEditingMeta(false)}
        save={saveMeta}
      />
    </Space>
  );
}

/** The content of a published item: text, deadline and the literal phrase it came from. */
function ReadOnlyItem({ item }: { item: DraftItem }) {
  const { t } = useI18n();
  return (
    <div className="item-editor">
      <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 8 }}>{item.content}</Typography.Paragraph>
      <Typography.Text type="secondary">
        {t('common.labelled', { label: t('task.deadline'), value: item.deadline ?? item.deadlineText ?? '—' })}
      </Typography.Text>
    </div>
  );
}

/** The tasks a published directive produced, with their status and light. */
function PublishedTasks({ tasks }: { tasks: DirectiveTask[] }) {
  const { t } = useI18n();
  const screens = useScreens();
  return (
    <Card size="small" title={t('directive.tasks', { count: tasks.length })}>
      {screens.md ? (
        <Table<DirectiveTask>
          data-testid="directive-tasks"
          size="small"
          rowKey="id"
          dataSource={tasks}
          pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
          scroll={{ x: 'max-content' }}
          columns={[
            { title: t('task.title'), dataIndex: 'title', render: (v: string, task) => <Link to={`/tasks/${task.id}`}>{v}</Link> },
            { title: t('task.ownerUnit'), dataIndex: 'ownerUnitName' },
            { title: t('task.status'), dataIndex: 'status', render: (_: unknown, task) => <StatusTag status={task.status} /> },
            { title: t('task.light'), dataIndex: 'light', render: (_: unknown, task) => <LightTag light={task.light} reason={task.lightReason} compact /> },
          ]}
        />
      ) : (
        <List<DirectiveTask>
          data-testid="directive-tasks"
          dataSource={tasks}
          renderItem={(task) => (
            <List.Item>
              <div className="published-task">
                <Link to={`/tasks/${task.id}`}>{task.title}</Link>
                <Space size={[6, 4]} wrap>
                  <Typography.Text type="secondary">{task.ownerUnitName}</Typography.Text>
                  <StatusTag status={task.status} />
                  <LightTag light={task.light} reason={task.lightReason} compact />
                </Space>
              </div>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}
