import type { Role } from '@luoshi/shared';
import { Select, Spin } from 'antd';
import { useEffect, useState, type CSSProperties } from 'react';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { userLabel } from './user-label.ts';
import { getUser, listUsers } from './users.api.ts';

type Option = { value: string; label: string };

/** Users matching what was typed (debounced), optionally only those holding a role. */
function useUserOptions(search: string, role?: Role) {
  const [options, setOptions] = useState<Option[]>([]);
  const [loading, setLoading] = useState(false);
  useEffect(() => {
    const controller = new AbortController();
    setLoading(true);
    const timer = setTimeout(() => {
      listUsers({ q: search.trim() || undefined, role, pageSize: 20 }, controller.signal).then(
        (r) => {
          setOptions(r.data.map((u) => ({ value: u.id, label: userLabel(u, role) })));
          setLoading(false);
        },
        () => {
          if (!controller.signal.aborted) setLoading(false);
        },
      );
    }, 250);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [search, role]);
  return { options, loading };
}

interface Common {
  placeholder?: string;
  style?: CSSProperties;
  /** Offer only users holding this role (e.g. 'leader' for responsible leaders). */
  role?: Role;
  id?: string;
  'data-testid'?: string;
}

/** Picks one person by typing part of their name, user name or phone (searches /api/users?q=). */
export function UserSelect({ value, onChange, placeholder, style, role, id, ...rest }: Common & { value?: string | undefined; onChange: (id: string | undefined) => void }) {
  const { t } = useI18n();
  const [search, setSearch] = useState('');
  const { options, loading } = useUserOptions(search, role);
  const [chosen, setChosen] = useState<Option>();

  const list = chosen && !options.some((o) => o.value === chosen.value) ? [chosen, ...options] : options;
  return (
    <Select<string, Option>
      id={id}
      data-testid={rest['data-testid']}
      allowClear
      value={value}
      placeholder={placeholder ?? t('audit.actorPlaceholder')}
      style={style}
      options={value ? list : options}
      showSearch={{ onSearch: setSearch, filterOption: false }}
      notFoundContent={loading ? <Spin size="small" /> : t('common.empty')}
      popupMatchSelectWidth={false}
      onChange={(userId, option) => {
        setChosen(option && !Array.isArray(option) ? option : undefined);
        onChange(userId);
      }}
    />
  );
}

/** Picks several people the same way (for example a task's responsible leaders). */
export function UserMultiSelect({ value, onChange, placeholder, style, role, id, ...rest }: Common & { value?: string[]; onChange?: (ids: string[]) => void }) {
  const { t } = useI18n();
  const [search, setSearch] = useState('');
  const { options, loading } = useUserOptions(search, role);
  const [chosen, setChosen] = useState<Option[]>([]);
  const list = [...chosen.filter((c) => !options.some((o) => o.value === c.value)), ...options];
  // People already chosen when the form opens (a saved record) get their names even when the first page of users does not hold them.
  const unknown = loading ? [] : (value ?? []).filter((id) => !list.some((o) => o.value === id));
  useEffect(() => {
    if (!unknown.length) return;
    let cancelled = false;
    void Promise.all(unknown.map((id) => getUser(id).then((r) => ({ value: id, label: userLabel(r.data, role) }), () => ({ value: id, label: id })))).then((found) => {
      if (!cancelled) setChosen((old) => [...old, ...found.filter((f) => !old.some((o) => o.value === f.value))]);
    });
    return () => {
      cancelled = true;
    };
    // Only newly unknown ids need a lookup.
  }, [unknown.join(',')]);
  return (
    <Select<string[], Option>
      id={id}
      data-testid={rest['data-testid']}
      mode="multiple"
      allowClear
      value={value ?? []}
      placeholder={placeholder ?? t('audit.actorPlaceholder')}
      style={style}
      options={list}
      showSearch={{ onSearch: setSearch, filterOption: false }}
      notFoundContent={loading ? <Spin size="small" /> : t('common.empty')}
      popupMatchSelectWidth={false}
      onChange={(ids, picked) => {
        setChosen(Array.isArray(picked) ? picked.filter((p): p is Option => Boolean(p && 'value' in p)) : []);
        setSearch('');
        onChange?.(ids);
      }}
    />
  );
}
