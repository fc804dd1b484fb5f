import type { DocCell, ReportDocument } from './document.js';
import { htmlToParagraphs } from './html-runs.js';

/**
 * A realistic report for the renderers' tests and for previewing layout changes: Vietnamese text with every
 * kind of diacritic, a narrative from HTML, an 80-row table with two merged header rows (spans pages) and a
 * 10-column table (landscape).
 */
export function buildSampleReport(overrides: Partial<ReportDocument> = {}): ReportDocument {
  const wards = ['Lê Chân', 'Hàng Kênh', 'An Biên', 'Dư Hàng Kênh', 'Kênh Dương', 'Vĩnh Niệm', 'Trần Nguyên Hãn', 'Nghĩa Xá'];
  const vn = (n: number) => n.toLocaleString('vi-VN', { maximumFractionDigits: 1 });
  const budgetRows: DocCell[][] = Array.from({ length: 80 }, (_, i) => {
    const plan = 1200 + ((i * 7919) % 3500);
    const actual = Math.round(plan * (0.82 + ((i * 37) % 30) / 100));
    return [
      { text: String(i + 1), align: 'center' },
      { text: `Tổ dân phố số ${i + 1}, phường ${wards[i % wards.length]}` },
      { text: vn(plan) },
      { text: vn(actual) },
      { text: `${vn(Math.round((actual / plan) * 1000) / 10)}%` },
      { text: i % 9 === 0 ? 'Vượt kế hoạch nhờ thu tiền sử dụng đất' : '' , align: 'left' },
    ];
  });
  const monthly: DocCell[][] = Array.from({ length: 6 }, (_, i) => [
    { text: String(i + 1), align: 'center' },
    { text: `Phường ${wards[i]}` },
    ...Array.from({ length: 8 }, (_, m): DocCell => ({ text: vn(150 + ((i * 31 + m * 17) % 90)) })),
  ]);
  monthly.push([{ text: 'Tổng cộng', colSpan: 2, bold: true, align: 'center' }, ...Array.from({ length: 8 }, (_, m): DocCell => ({ text: vn(1100 + m * 13), bold: true }))]);

  return {
    parentAgency: 'UBND THÀNH PHỐ HẢI PHÒNG',
    agency: 'UBND PHƯỜNG LÊ CHÂN',
    number: '12/BC-UBND',
    place: 'Hải Phòng',
    date: '2026-03-05',
    title: 'BÁO CÁO',
    summary: 'Tình hình thực hiện nhiệm vụ thu, chi ngân sách quý I năm 2026 và phương hướng, nhiệm vụ quý II năm 2026',
    sections: [
      {
        kind: 'text',
        heading: 'I. KẾT QUẢ THỰC HIỆN NHIỆM VỤ QUÝ I',
        paragraphs: htmlToParagraphs(
          '<p>Thực hiện Quyết định số 45/QĐ-UBND ngày 10/01/2026 của Ủy ban nhân dân thành phố, Ủy ban nhân dân phường Lê Chân đã chỉ đạo các đơn vị <strong>triển khai đồng bộ</strong> các giải pháp thu ngân sách; kết quả <em>tổng thu ngân sách nhà nước</em> trên địa bàn đạt <strong><u>112,5%</u></strong> dự toán, tăng 8,3% so với cùng kỳ năm trước.</p>'
          + '<p>Những kết quả nổi bật:</p><ul><li>Thu thuế ngoài quốc doanh đạt 27,4 tỷ đồng, bằng 31% dự toán năm;</li><li>Thu tiền sử dụng đất vượt kế hoạch nhờ đấu giá quyền sử dụng đất khu tái định cư Đồng Hòa &amp; Vĩnh Niệm;</li><li>Chi thường xuyên bảo đảm đúng dự toán, tiết kiệm 10% theo chỉ đạo.</li></ul>'
          + '<p>Tuy nhiên, vẫn còn một số <em>tồn tại, hạn chế</em>: tiến độ giải ngân vốn đầu tư công chậm; nợ đọng thuế của một số hộ kinh doanh chưa được xử lý dứt điểm&nbsp;(khoảng 1,2 tỷ đồng).</p>',
        ),
      },
      {
        kind: 'table',
        heading: 'II. SỐ LIỆU THU NGÂN SÁCH THEO TỔ DÂN PHỐ',
        table: {
          columns: [
            { width: 1, align: 'center' }, { width: 5, align: 'left' }, { width: 2, align: 'right' },
            { width: 2, align: 'right' }, { width: 1.6, align: 'right' }, { width: 3, align: 'left' },
          ],
          header: [
            [{ text: 'STT', rowSpan: 2 }, { text: 'Đơn vị', rowSpan: 2 }, { text: 'Thu ngân sách quý I', colSpan: 3 }, { text: 'Ghi chú', rowSpan: 2 }],
            [{ text: 'Kế hoạch' }, { text: 'Thực hiện' }, { text: 'Tỷ lệ' }],
          ],
          body: budgetRows,
          note: 'Đơn vị tính: triệu đồng',
        },
      },
      {
        kind: 'table',
        heading: 'III. CHI THƯỜNG XUYÊN THEO THÁNG',
        table: {
          columns: [{ width: 0.8, align: 'center' }, { width: 3, align: 'left' }, ...Array.from({ length: 8 }, () => ({ width: 1.4, align: 'right' as const }))],
          header: [[
            { text: 'STT' }, { text: 'Đơn vị' },
            ...['Tháng 1', 'Tháng 2', 'Tháng 3', 'Tháng 4', 'Tháng 5', 'Tháng 6', 'Tháng 7', 'Tháng 8'].map((text): DocCell => ({ text })),
          ]],
          body: monthly,
          note: 'Đơn vị tính: triệu đồng',
        },
      },
      {
        kind: 'text',
        heading: 'IV. PHƯƠNG HƯỚNG, NHIỆM VỤ QUÝ II',
        paragraphs: htmlToParagraphs(
          '<ol><li>Đẩy nhanh tiến độ giải ngân vốn đầu tư công, phấn đấu đạt trên 60% kế hoạch vốn năm.</li><li>Tăng cường quản lý thu, chống thất thu; xử lý dứt điểm nợ đọng thuế.</li></ol>'
          + '<p>Ủy ban nhân dân phường Lê Chân báo cáo Ủy ban nhân dân thành phố xem xét, chỉ đạo./.</p>',
        ),
      },
    ],
    signer: { titleLines: ['TM. ỦY BAN NHÂN DÂN', 'CHỦ TỊCH'], name: 'Nguyễn Thị Hương Giang' },
    recipients: ['UBND thành phố (để b/c)', 'Sở Tài chính', 'Thường trực Đảng ủy phường', 'Lưu: VT, TC-KT'],
    stamp: { signerName: 'Nguyễn Thị Hương Giang', organisation: 'Ủy ban nhân dân phường Lê Chân', signedAt: '2026-03-05T09:41:27+07:00' },
    draft: false,
    meta: { author: 'Ủy ban nhân dân phường Lê Chân', subject: 'Báo cáo thu, chi ngân sách quý I/2026', keywords: ['ngân sách', 'quý I', '2026'] },
    ...overrides,
  };
}
