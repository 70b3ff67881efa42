import { ORG_KIND_LABELS } from '@luoshi/shared';
import { saveBlob } from '../../api/client.ts';
import { writeXlsx } from '../../lib/xlsx.ts';

/** The columns the server's import reads (apps/server/src/modules/org/org.service.ts, IMPORT_COLUMNS). */
const HEADER = ['编码', '名称', '上级编码', '类型', '简称', '排序'];

/**
 * Downloads an .xlsx import template: the header row and two example rows placed under the
 * caller's own unit (a new district and a department inside it), to be replaced by real rows.
 */
export function downloadImportTemplate(parentCode: string, examples: [string, string]): void {
  const rows = [
    HEADER,
    [`${parentCode}-XQ`, examples[0], parentCode, ORG_KIND_LABELS.district, '', '10'],
    [`${parentCode}-XQ-BGS`, examples[1], `${parentCode}-XQ`, ORG_KIND_LABELS.department, '', '10'],
  ];
  saveBlob(writeXlsx('组织机构', rows), '组织机构导入模板.xlsx');
}
