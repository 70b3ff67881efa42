import { Select, Spin } from 'antd';
import { useEffect, useState, type CSSProperties } from 'react';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { listUsers } from './users.api.ts';

type Option = { value: string; label: string };

/** Picks one person by typing part of their name, user name or phone (searches /api/users?q=). */
export function UserSelect({ value, onChange, placeholder, style }: { value?: string | undefined; onChange: (id: string | undefined) => void; placeholder?: string; style?: CSSProperties }) {
  const { t } = useI18n();
  const [search, setSearch] = useState('');
  const [options, setOptions] = useState<Option[]>([]);
  const [loading, setLoading] = useState(false);
  const [chosen, setChosen] = useState<Option>();

  useEffect(() => {
    const controller = new AbortController();
    setLoading(true);
    const timer = setTimeout(() => {
      listUsers({ q: search.trim() || undefined, pageSize: 20 }, controller.signal).then(
        (r) => {
          setOptions(r.data.map((u) => ({ value: u.id, label: `${u.displayName}(${u.username})· ${u.orgUnit.name}` })));
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
  }, [search]);

  const list = chosen && !options.some((o) => o.value === chosen.value) ? [chosen, ...options] : options;
  return (
    <Select<string, Option>
      allowClear
      value={value}
      placeholder={placeholder ?? t('audit.actorPlaceholder')}
      style={style}
      options={value ? list : options}
      showSearch={{ onSearch: setSearch, filterOption: false }}
      notFoundContent={loading ? <Spin size="small" /> : t('common.empty')}
      popupMatchSelectWidth={false}
      onChange={(id, option) => {
        setChosen(option && !Array.isArray(option) ? option : undefined);
        onChange(id);
      }}
    />
  );
}
