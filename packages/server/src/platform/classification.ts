import { CLASSIFICATION_LABELS, isStateSecret, type Classification } from '@baocao/core';
import { AppError } from './errors.js';

/**
 * R34 (Decree 09/2019, Art. 5.2): the system never sends or stores state secrets. A template, a report or
 * a file declared Mật, Tối mật or Tuyệt mật is refused with the reason before anything is written.
 */
export function refuseStateSecret(classification: Classification | undefined | null): void {
  if (!isStateSecret(classification)) return;
  throw new AppError(
    'classification.state_secret',
    `Hệ thống không được dùng để gửi, lưu trữ thông tin thuộc bí mật nhà nước (độ ${CLASSIFICATION_LABELS[classification!]}); không có gì được lưu`,
    400,
  );
}
