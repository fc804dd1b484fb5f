/** Vietnamese text of the backups page (`backups` section of `vi.ts`). */
export const backupsVi = {
  menu: 'Sao lưu',
  title: 'Sao lưu dữ liệu',
  startNow: 'Sao lưu ngay',
  started: 'Đang sao lưu; danh sách tự cập nhật khi xong.',
  schedule: 'Lịch sao lưu tự động',
  dailyAt: 'Hằng ngày lúc {{time}} (giờ Việt Nam)',
  scheduleOff: 'Đang tắt (BACKUP_TIME=off)',
  retention: 'Thời hạn lưu giữ',
  retentionRule: 'Xóa tệp cũ hơn {{days}} ngày, nhưng luôn giữ {{keep}} bản mới nhất',
  directory: 'Thư mục chứa tệp trên máy chủ',
  encryption: 'Mã hóa',
  encryptionOn: 'Có (AES-256-GCM, khóa BACKUP_ENCRYPTION_KEY)',
  encryptionOff: 'Không (đặt BACKUP_ENCRYPTION_KEY để mã hóa)',
  noDownload: 'Vì an toàn, tệp sao lưu không tải xuống được qua trình duyệt: cán bộ vận hành lấy tệp trực tiếp trong thư mục trên máy chủ và khôi phục bằng lệnh npm run restore (xem docs/operations.md).',
  empty: 'Chưa có bản sao lưu nào',
  startedAt: 'Bắt đầu',
  finishedAt: 'Kết thúc',
  trigger: 'Cách chạy',
  triggers: { schedule: 'Theo lịch', admin: 'Quản trị chạy', cli: 'Dòng lệnh' },
  status: 'Trạng thái',
  statuses: { running: 'Đang chạy', succeeded: 'Thành công', failed: 'Thất bại' },
  file: 'Tệp',
  size: 'Dung lượng',
  encrypted: 'Mã hóa',
  yes: 'Có',
  no: 'Không',
};

export const backupsErrorsVi = {
  backup: { running: 'Đang có một bản sao lưu chạy; hãy chờ bản đó xong.' },
};
