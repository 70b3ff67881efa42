import { PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { LIMITS } from '@luoshi/shared';
import { App, Button, Upload, type UploadFile } from 'antd';
import type { Attachment } from '../../api/types.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { errorMessage } from '../../lib/errors.ts';
import { uploadAttachment } from './tasks.api.ts';

const ACCEPT = 'image/*,.pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.wps,.et';
const MAX_FILES = 20;

/** An uploaded file as the upload list shows it. */
export type AttachmentFile = UploadFile<Attachment>;

/** Files already stored, shown as finished uploads so they can be kept or removed. */
export function storedFiles(files: Attachment[]): AttachmentFile[] {
  return files.map((a) => ({ uid: a.id, name: a.fileName, status: 'done', response: a, size: a.size, type: a.contentType }));
}

/** Ids of the uploads that finished; undefined while one is still uploading. */
export function finishedIds(files: AttachmentFile[]): string[] | undefined {
  if (files.some((f) => f.status === 'uploading')) return undefined;
  return files.filter((f) => f.status === 'done' && f.response).map((f) => f.response!.id);
}

/**
 * Evidence and documents: each file goes to /api/attachments as it is chosen (type and size are
 * checked by the server too); the caller sends the finished ids with its form.
 */
export function AttachmentUpload({ files, onChange, variant = 'cards', testId }: { files: AttachmentFile[]; onChange: (files: AttachmentFile[]) => void; variant?: 'cards' | 'list'; testId?: string }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  return (
    <Upload<Attachment>
      listType={variant === 'cards' ? 'picture-card' : 'text'}
      accept={ACCEPT}
      multiple
      maxCount={MAX_FILES}
      fileList={files}
      onChange={({ fileList }) => onChange(fileList)}
      beforeUpload={(file) => {
        if (file.size > LIMITS.uploadBytesMax) {
          message.error(`${file.name}:${t('report.tooLarge')}`);
          return Upload.LIST_IGNORE;
        }
        return true;
      }}
      customRequest={({ file, onSuccess, onError }) => {
        uploadAttachment(file as File).then(
          (a) => onSuccess?.(a),
          (err: unknown) => {
            message.error(errorMessage(err, t));
            onError?.(err instanceof Error ? err : new Error(String(err)));
          },
        );
      }}
      data-testid={testId}
    >
      {files.length >= MAX_FILES ? null : variant === 'cards' ? (
        <div>
          <PlusOutlined />
          <div style={{ marginTop: 8 }}>{t('report.upload')}</div>
        </div>
      ) : (
        <Button icon={<UploadOutlined />}>{t('report.upload')}</Button>
      )}
    </Upload>
  );
}
