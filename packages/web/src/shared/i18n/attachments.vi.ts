/** Vietnamese text of attachments (R34, R35): the `attachments` section of `vi.ts`. */
export const attachmentsVi = {
  title: 'Tệp đính kèm',
  count: '{{count}} tệp',
  hint: 'Nhận tệp PDF, Word (DOCX, ODT), Excel (XLSX, ODS) và ảnh PNG, JPG. Mỗi tệp được quét virus, mã độc trước khi lưu; tệp có mã độc bị từ chối.',
  confirmSecret: 'Tôi xác nhận tệp không chứa thông tin thuộc bí mật nhà nước (độ Mật, Tối mật, Tuyệt mật)',
  confirmFirst: 'Hãy đánh dấu xác nhận ở trên trước khi chọn tệp: hệ thống không được dùng để gửi, lưu trữ bí mật nhà nước.',
  drop: 'Kéo thả tệp vào đây hoặc bấm để chọn tệp',
  scanning: 'Đang quét virus và tải lên: {{name}}',
  added: 'Đã đính kèm tệp "{{name}}"',
  refused: 'Tệp bị từ chối: {{name}}',
  removed: 'Đã gỡ tệp "{{name}}"',
  remove: 'Gỡ tệp',
  removeConfirm: 'Gỡ tệp "{{name}}" khỏi báo cáo?',
  none: 'Chưa có tệp đính kèm.',
  name: 'Tên tệp',
  size: 'Dung lượng',
  uploadedBy: 'Người đính kèm',
  uploadedAt: 'Thời gian (giờ Việt Nam)',
  scan: 'Kiểm tra virus',
  verdict: { clean: 'Đã quét, an toàn', unscanned: 'Chưa quét (bản trình diễn)' },
  download: 'Tải tệp {{name}}',
};

export const attachmentsErrorsVi = {
  attachment: {
    infected: 'Tệp bị từ chối: phát hiện mã độc; tệp không được lưu.',
    too_large: 'Tệp lớn hơn dung lượng cho phép.',
    type_not_allowed: 'Loại tệp không được nhận hoặc nội dung tệp không đúng với phần mở rộng.',
    empty: 'Tệp rỗng.',
    scan_failed: 'Không quét được virus cho tệp; tệp chưa được lưu, hãy thử lại sau.',
    scanner_unavailable: 'Hệ thống chưa có dịch vụ quét virus nên chưa nhận tệp đính kèm.',
  },
  classification: { state_secret: 'Hệ thống không được dùng để gửi, lưu trữ thông tin thuộc bí mật nhà nước; không có gì được lưu.' },
};
