/** A small numeric template as a designer would make it: a total row, a percent column, two checks. */
export function sampleTemplate(requestingUnitId: string, code = `BM-${Math.random().toString(36).slice(2, 8).toUpperCase()}`) {
  return {
    info: {
      code,
      name: 'Kết quả thu ngân sách',
      regimeKind: 'periodic' as const,
      periodicities: ['quarter' as const],
      fieldGroup: 'Tài chính',
      requestingUnitId,
      legalBasis: 'Thử nghiệm',
      description: '',
    },
    definition: {
      kind: 'numeric' as const,
      grid: {
        rows: [
          { code: 'R00', displayNo: 'I', name: 'Tổng thu', unitOfMeasure: 'triệu đồng', level: 0, formula: 'SUM(CHILDREN)' },
          { code: 'R01', displayNo: '1', name: 'Thu thuế', unitOfMeasure: 'triệu đồng', level: 1 },
          { code: 'R02', displayNo: '2', name: 'Thu phí, lệ phí', unitOfMeasure: 'triệu đồng', level: 1 },
          { code: 'R03', displayNo: '3', name: 'Thu từ đất', unitOfMeasure: 'triệu đồng', level: 1 },
          { code: 'R04', displayNo: '4', name: 'Thu khác', unitOfMeasure: 'triệu đồng', level: 1 },
        ],
        columns: [
          { code: 'KH', headerPath: ['Năm 2026', 'Kế hoạch'], valueType: 'decimal' as const, scale: 2, aggregation: 'sum' as const },
          { code: 'TH', headerPath: ['Năm 2026', 'Thực hiện'], valueType: 'decimal' as const, scale: 2, aggregation: 'sum' as const },
          { code: 'TL', headerPath: ['Năm 2026', '% so KH'], valueType: 'percent' as const, scale: 1, aggregation: 'formula' as const, formula: 'TH / KH * 100' },
          { code: 'GC', headerPath: ['Ghi chú'], valueType: 'text' as const, aggregation: 'none' as const },
        ],
        constraints: [
          { id: 'tong', kind: 'sum_children' as const, severity: 'error' as const, message: 'Dòng tổng phải bằng tổng các dòng con' },
          { id: 'vuot', kind: 'formula' as const, severity: 'warning' as const, message: 'Thực hiện vượt quá 2 lần kế hoạch', expression: 'TH <= KH * 2' },
        ],
      },
      layout: { title: 'BÁO CÁO KẾT QUẢ THU NGÂN SÁCH', orientation: 'landscape' as const },
    },
  };
}
