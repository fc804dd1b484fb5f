import { AppError } from '../../../platform/errors.js';

/** Codes of {@link SigningError}: a PKCS#12 that cannot be used, a signature that does not fit. */
export type SigningErrorCode = 'signing.bad_password' | 'signing.bad_pkcs12' | 'signing.no_key' | 'signing.signature_too_large' | 'signing.bad_pdf';

const MESSAGES: Record<SigningErrorCode, string> = {
  'signing.bad_password': 'Mật khẩu tệp chứng thư số không đúng',
  'signing.bad_pkcs12': 'Tệp không phải là tệp chứng thư số PKCS#12 (.p12, .pfx) hợp lệ',
  'signing.no_key': 'Tệp chứng thư số không chứa khóa bí mật hoặc chứng thư số tương ứng',
  'signing.signature_too_large': 'Chữ ký số vượt quá chỗ dành sẵn trong tệp PDF',
  'signing.bad_pdf': 'Không đọc được tệp PDF để ký số',
};

/** A signing input the user must fix (wrong password, wrong file): 400 with a stable code. */
export class SigningError extends AppError {
  constructor(
    override readonly code: SigningErrorCode,
    message: string = MESSAGES[code],
  ) {
    super(code, message, 400);
    this.name = 'SigningError';
  }
}
