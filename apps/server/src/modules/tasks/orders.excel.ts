import type { Actor } from '../../access/index.ts';
import type { Container } from '../../container.ts';
import { writeLedger, type LedgerColumn } from '../../reports/excel.ts';
import type { OrderFilter } from '../../supervision/followup.service.ts';
import { LEVEL_NAMES } from '../../supervision/rules/escalation.ts';
import type { OrderStatus } from '../../supervision/rules/lights.ts';
import { shanghaiDate } from '../../supervision/rules/working-days.ts';

const EXPORT_MAX = 50_000;
const STATUS_NAMES: Record<OrderStatus, string> = { pending_signoff: '待签发', open: '待回复', replied: '已回复待办结', closed: '已办结', refused: '已退回' };
const LEVEL_FILLS = { blue: 'FFDDEBF7', yellow: 'FFFFEB9C', red: 'FFFFC7CE' } as const;

const DATE = 'yyyy-mm-dd';
const COLUMNS: LedgerColumn[] = [
  { header: '序号', width: 6, align: 'center' },
  { header: '编号', width: 16 },
  { header: '级别', width: 8, align: 'center' },
  { header: '任务', width: 26 },
  { header: '承办单位', width: 14 },
  { header: '督办事项', width: 34 },
  { header: '回复期限', width: 12, numFmt: DATE, align: 'center' },
  { header: '状态', width: 12, align: 'center' },
  { header: '下发日期', width: 12, numFmt: DATE, align: 'center' },
  { header: '回复内容', width: 34 },
  { header: '办结日期', width: 12, numFmt: DATE, align: 'center' },
];

const day = (d: string | null) => (d ? new Date(`${d}T00:00:00Z`) : null);

/** The filtered 督办单 list as a printable 台账 (.xlsx): one row per order, as the list shows them. */
export async function exportOrders(c: Container, actor: Actor, filter: Omit<OrderFilter, 'page' | 'pageSize'>): Promise<Buffer> {
  const rows = (await c.followUps.listOrders(actor, { ...filter, page: 1, pageSize: EXPORT_MAX })).data;
  const [y, m, d] = shanghaiDate(c.clock.now()).split('-').map(Number);
  return writeLedger({
    sheetName: '督办单台账',
    title: '督办单台账',
    subtitle: `截至${y}年${m}月${d}日，共 ${rows.length} 份`,
    columns: COLUMNS,
    rows: rows.map((o, i) => [
      i + 1,
      o.number ?? '（待签发）',
      LEVEL_NAMES[o.level],
      o.task_title,
      o.recipient_unit_name,
      o.matter,
      day(o.reply_deadline),
      STATUS_NAMES[o.status],
      o.status === 'pending_signoff' || o.status === 'refused' ? null : day(shanghaiDate(o.issued_at)),
      o.reply ?? '',
      o.closed_at ? day(shanghaiDate(o.closed_at)) : null,
    ]),
    fill: (i, col) => (COLUMNS[col]!.header === '级别' ? LEVEL_FILLS[rows[i]!.level] : null),
  });
}
