import { Alert, Table } from 'antd';
import { ApiError } from '../api/client';
import { errorMessage } from '../api/problem';

/** A chosen file as base64, for import routes that take the file inside JSON (never multipart). */
export function readFileBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.readAsDataURL(file);
  });
}

/** The file's format by its extension, when it is one of `allowed`. */
export function fileFormatOf<F extends string>(name: string, allowed: readonly F[]): F | null {
  const ext = name.toLowerCase().split('.').pop() ?? '';
  return (allowed as readonly string[]).includes(ext) ? (ext as F) : null;
}

/**
 * Why an import was refused: the problem's title, and each wrong row or cell the server named
 * (`Dòng 3, cột code`) with its message. Nothing was saved when this shows.
 */
export function ImportErrors(props: { error: unknown; title: string; pathTitle: string; messageTitle: string; pathWidth?: number }) {
  const { error, title, pathTitle, messageTitle, pathWidth = 180 } = props;
  if (!error) return null;
  const rows = error instanceof ApiError ? (error.problem.errors ?? []) : [];
  return (
    <>
      <Alert type="error" showIcon title={rows.length ? title : errorMessage(error)} />
      {rows.length > 0 && (
        <Table
          size="small"
          rowKey={(r) => `${r.path}|${r.message}`}
          dataSource={rows}
          pagination={rows.length > 10 ? { pageSize: 10 } : false}
          columns={[
            { title: pathTitle, dataIndex: 'path', width: pathWidth },
            { title: messageTitle, dataIndex: 'message' },
          ]}
        />
      )}
    </>
  );
}
