import { describe, expect, it } from 'vitest';
import { assignableRoles, roleCan } from './permissions.js';
import { compareVi, foldVi } from './text.js';

describe('Vietnamese text', () => {
  it('folds diacritics and đ for search', () => {
    expect(foldVi('Đặc khu Bạch Long Vĩ')).toBe('dac khu bach long vi');
    expect(foldVi('Phường Lê Thanh Nghị')).toContain('le thanh nghi');
  });

  it('sorts the Vietnamese way (a < ă < â < b, d < đ)', () => {
    expect(['Đông', 'Dương', 'Ân', 'Anh', 'Ăn', 'Bình'].sort(compareVi)).toEqual(['Anh', 'Ăn', 'Ân', 'Bình', 'Dương', 'Đông']);
  });
});

describe('role grants', () => {
  it('gives management to administrators only', () => {
    expect(roleCan('unit_admin', 'unit.manage')).toBe(true);
    expect(roleCan('leader', 'unit.manage')).toBe(false);
    expect(roleCan('viewer', 'audit.read')).toBe(false);
    expect(assignableRoles('unit_admin')).not.toContain('system_admin');
    expect(assignableRoles('specialist')).toEqual([]);
  });
});
