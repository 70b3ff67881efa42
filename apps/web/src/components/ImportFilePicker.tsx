import { InboxOutlined } from '@ant-design/icons';
import { Alert, Table, Upload } from 'antd';
import type { ImportRowError } from '../api/client.ts';

interface Props {
  file: File | undefined;
  /** Called with the chosen file, or undefined when it is removed. */
  onFile: (file: File | undefined) => void;
  dragText: string;
  error: string | undefined;
  rowErrors: ImportRowError[];
  labels: { row: string; column: string; problem: string };
}

/** The .xlsx picker of every import dialog, with the request error and the table of bad rows (行, 列, 问题). */
export function ImportFilePicker({ file, onFile, dragText, error, rowErrors, labels }: Props) {
  return (
    <>
      <Upload.Dragger
        accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        maxCount={1}
        fileList={file ? [{ uid: 'file', name: file.name, status: 'done' }] : []}
        beforeUpload={(f) => {
          onFile(f);
          return false;
        }}
        onRemove={() => {
          onFile(undefined);
          return true;
        }}
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">{dragText}</p>
      </Upload.Dragger>
      {error ? <Alert type="error" showIcon title={error} style={{ marginTop: 16 }} data-testid="import-error" /> : null}
      {rowErrors.length ? (
        <Table<ImportRowError & { key: number }>
          data-testid="import-errors"
          style={{ marginTop: 12 }}
          size="small"
          dataSource={rowErrors.map((r, key) => ({ ...r, key }))}
          pagination={{ pageSize: 10, hideOnSinglePage: true, showSizeChanger: false }}
          scroll={{ x: 'max-content' }}
          columns={[
            { title: labels.row, dataIndex: 'row', width: 72, render: (v: number) => (v > 0 ? v : '—') },
            { title: labels.column, dataIndex: 'column', width: 110, render: (v: string) => v || '—' },
            { title: labels.problem, dataIndex: 'message' },
          ]}
        />
      ) : null}
    </>
  );
}
