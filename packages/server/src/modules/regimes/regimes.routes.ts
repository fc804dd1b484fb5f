import {
  CreateRegimeInput, EndRegimeInput, TargetUnitsQuery, UnitTreeNode, Regime, RegimeIdParam, RegimePreview, RegimeQuery, RegimeSchedule, RegimeSummary, RoundParam, RoundProgress,
  UnitGroup, UnitGroupIdParam, UnitGroupInput, UpdateRegimeInput, UpdateUnitGroupInput,
} from '@baocao/core';
import { z } from 'zod';
import type { Api, Deps } from '../../platform/routes.js';
import { getRoundProgress } from '../assignments/assignments.progress.js';
import * as regimes from './regimes.service.js';
import * as groups from './unit-groups.service.js';

const tags = ['regimes'];

export function regimesRoutes(app: Api, { db }: Deps): void {
  app.get('/api/v1/regimes', { schema: { tags, summary: 'Chế độ báo cáo của các đơn vị trong phạm vi', querystring: RegimeQuery, response: { 200: z.array(RegimeSummary) } } }, (req) =>
    regimes.listRegimes(db, req.ctx, req.query),
  );
  app.post('/api/v1/regimes', { schema: { tags, summary: 'Thiết lập chế độ báo cáo (định kỳ, chuyên đề) hoặc ban hành yêu cầu báo cáo đột xuất', body: CreateRegimeInput, response: { 201: Regime } } }, async (req, reply) =>
    reply.code(201).send(await regimes.createRegime(db, req.ctx, req.body)),
  );
  app.post('/api/v1/regimes/preview', { schema: { tags, summary: 'Xem trước các kỳ và đơn vị của chế độ báo cáo đang thiết lập', body: CreateRegimeInput, response: { 200: RegimePreview } } }, (req) =>
    regimes.previewRegime(db, req.ctx, req.body),
  );
  app.get('/api/v1/regimes/target-units', { schema: { tags, summary: 'Các đơn vị mà đơn vị yêu cầu báo cáo được giao báo cáo (để chọn đối tượng)', querystring: TargetUnitsQuery, response: { 200: z.array(UnitTreeNode) } } }, (req) =>
    regimes.listTargetUnits(db, req.ctx, req.query.requestingUnitId),
  );
  app.get('/api/v1/regimes/:regimeId', { schema: { tags, summary: 'Chi tiết chế độ báo cáo', params: RegimeIdParam, response: { 200: Regime } } }, (req) =>
    regimes.getRegime(db, req.ctx, req.params.regimeId),
  );
  app.put('/api/v1/regimes/:regimeId', { schema: { tags, summary: 'Sửa chế độ báo cáo (áp dụng cho các kỳ chưa mở)', params: RegimeIdParam, body: UpdateRegimeInput, response: { 200: Regime } } }, (req) =>
    regimes.updateRegime(db, req.ctx, req.params.regimeId, req.body),
  );
  app.post('/api/v1/regimes/:regimeId/end', { schema: { tags, summary: 'Kết thúc chế độ báo cáo', params: RegimeIdParam, body: EndRegimeInput, response: { 200: Regime } } }, (req) =>
    regimes.endRegime(db, req.ctx, req.params.regimeId, req.body),
  );
  app.get('/api/v1/regimes/:regimeId/schedule', { schema: { tags, summary: 'Các kỳ đã mở (số đơn vị đã gửi, còn thiếu) và các kỳ sắp tới', params: RegimeIdParam, response: { 200: RegimeSchedule } } }, (req) =>
    regimes.getSchedule(db, req.ctx, req.params.regimeId),
  );
  app.get('/api/v1/regimes/:regimeId/rounds/:roundKey', { schema: { tags, summary: 'Theo dõi một kỳ: đơn vị đã gửi, còn thiếu, quá hạn', params: RoundParam, response: { 200: RoundProgress } } }, (req) =>
    getRoundProgress(db, req.ctx, req.params.regimeId, req.params.roundKey),
  );

  const groupTags = ['unit-groups'];
  app.get('/api/v1/unit-groups', { schema: { tags: groupTags, summary: 'Nhóm đơn vị dùng làm đối tượng báo cáo', response: { 200: z.array(UnitGroup) } } }, (req) => groups.listUnitGroups(db, req.ctx));
  app.post('/api/v1/unit-groups', { schema: { tags: groupTags, summary: 'Tạo nhóm đơn vị', body: UnitGroupInput, response: { 201: UnitGroup } } }, async (req, reply) =>
    reply.code(201).send(await groups.createUnitGroup(db, req.ctx, req.body)),
  );
  app.put('/api/v1/unit-groups/:groupId', { schema: { tags: groupTags, summary: 'Sửa nhóm đơn vị', params: UnitGroupIdParam, body: UpdateUnitGroupInput, response: { 200: UnitGroup } } }, (req) =>
    groups.updateUnitGroup(db, req.ctx, req.params.groupId, req.body),
  );
  app.delete('/api/v1/unit-groups/:groupId', { schema: { tags: groupTags, summary: 'Xóa nhóm đơn vị không còn dùng', params: UnitGroupIdParam } }, async (req, reply) => {
    await groups.deleteUnitGroup(db, req.ctx, req.params.groupId);
    return reply.code(204).send();
  });
}
