import type { Config } from '../platform/config.js';

/**
 * The embedded database (PGlite) is one process's files: a second process opening them while the
 * server runs could corrupt them. Refuses when a server answers on PORT of this machine.
 */
export async function refuseWhileServerRuns(config: Config, what: string): Promise<void> {
  const answered = await fetch(`http://127.0.0.1:${config.port}/health`, { signal: AbortSignal.timeout(1500) }).then(
    (r) => r.ok,
    () => false,
  );
  if (!answered) return;
  console.error(
    `Máy chủ baocao đang chạy trên cổng ${config.port} với cơ sở dữ liệu nhúng: cơ sở dữ liệu này chỉ một tiến trình được mở.\n` +
      `Hãy dừng máy chủ trước khi ${what}` + (what === 'sao lưu' ? ', hoặc dùng nút "Sao lưu ngay" trong trang Quản trị › Sao lưu.' : '.'),
  );
  process.exit(2);
}
