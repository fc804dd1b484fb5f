import { CheckCircleOutlined, FunctionOutlined } from '@ant-design/icons';
import { Alert, Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { problemsAt, type DesignProblem, type DraftConstraint, type DraftGrid } from './draft';
import { FormulaErrors, FormulaInput } from './formula-input';
import { replaceAt, type FormulaTarget, type GridEditorProps } from './grid-editing';

/** Reads and writes the formula text of a target in the draft. */
function formulaOf(grid: DraftGrid, target: FormulaTarget | null): { label: string; code: string; value: string } | null {
  if (!target) return null;
  if (target.kind === 'row') {
    const row = grid.rows.find((r) => r.key === target.key);
    return row ? { label: 'row', code: row.code, value: row.formula } : null;
  }
  if (target.kind === 'column') {
    const col = grid.columns.find((c) => c.key === target.key);
    return col ? { label: 'column', code: col.code, value: col.formula } : null;
  }
  if (target.kind === 'cell') {
    const cell = grid.cells.find((x) => x.key === target.key);
    return cell?.mode === 'computed' ? { label: 'cell', code: `${cell.row}!${cell.column}`, value: cell.formula } : null;
  }
  const c = grid.constraints.find((x) => x.key === target.key);
  return c?.kind === 'formula' ? { label: 'constraint', code: c.id, value: c.expression } : null;
}

function writeFormula(grid: DraftGrid, target: FormulaTarget, value: string): DraftGrid {
  if (target.kind === 'row') return { ...grid, rows: grid.rows.map((r) => (r.key === target.key ? { ...r, formula: value } : r)) };
  if (target.kind === 'column') return { ...grid, columns: grid.columns.map((c) => (c.key === target.key ? { ...c, formula: value } : c)) };
  if (target.kind === 'cell') return { ...grid, cells: grid.cells.map((c) => (c.key === target.key ? { ...c, formula: value } : c)) };
  const i = grid.constraints.findIndex((c) => c.key === target.key);
  const c = grid.constraints[i];
  return c?.kind === 'formula' ? { ...grid, constraints: replaceAt(grid.constraints, i, { ...c, expression: value } as DraftConstraint) } : grid;
}

/** The formula with the offending token underlined in red, as a spreadsheet would point at it. */
function MarkedFormula({ text, problems }: { text: string; problems: DesignProblem[] }) {
  const at = problems.find((p) => p.offset !== undefined)?.offset;
  if (at === undefined || !text) return null;
  const token = /^(\[[^\]]*\]|[A-Za-z0-9_.!]+|.)/.exec(text.slice(at))?.[0] ?? '';
  return (
    <Typography.Text code style={{ whiteSpace: 'pre' }}>
      {text.slice(0, at)}
      <span style={{ color: '#cf1322', textDecoration: 'underline wavy #cf1322' }}>{token || ' '}</span>
      {text.slice(at + token.length)}
    </Typography.Text>
  );
}

type Props = Omit<GridEditorProps, 'onFocusFormula'> & { target: FormulaTarget | null };

/** The formula bar: the selected formula in a wide field with completion, and its errors right under it. */
export function FormulaBar({ grid, update, problems, codes, readOnly, target }: Props) {
  const { t } = useTranslation();
  const current = formulaOf(grid, target);
  const place = target?.kind === 'constraint' ? 'constraintId' : target?.kind;
  const own = current && target && place ? problemsAt(problems, place, target.key).filter((p) => !p.field || p.field === 'formula' || p.field === 'expression') : [];

  return (
    <div style={{ border: '1px solid #d9d9d9', borderRadius: 6, padding: '8px 12px', background: '#fafcff' }}>
      <Flex align="center" gap={8}>
        <FunctionOutlined style={{ color: '#1f6fb2', fontSize: 18 }} />
        <Typography.Text strong style={{ minWidth: 190, whiteSpace: 'nowrap' }}>
          {current ? t(`templates.formulaOf.${current.label as 'row'}`, { code: current.code || '…' }) : t('templates.formulaBar')}
        </Typography.Text>
        <FormulaInput
          ariaLabel={t('templates.formulaBar')}
          size="middle"
          value={current?.value ?? ''}
          onChange={(value) => target && update((g) => writeFormula(g, target, value))}
          codes={codes}
          prefer={target?.kind === 'row' ? 'rows' : target?.kind === 'column' ? 'columns' : 'both'}
          invalid={own.length > 0}
          disabled={readOnly || !current}
          placeholder={t('templates.formulaBarHint')}
        />
      </Flex>
      {current && own.length > 0 && (
        <div style={{ marginTop: 6, paddingLeft: 26 }}>
          <MarkedFormula text={current.value} problems={own} />
          <FormulaErrors messages={own.map((p) => p.message)} />
        </div>
      )}
    </div>
  );
}

/** All problems of the grid in one list, or a green line when there are none. */
export function ProblemList({ problems }: { problems: DesignProblem[] }) {
  const { t } = useTranslation();
  if (!problems.length) {
    return (
      <Typography.Text type="success">
        <CheckCircleOutlined /> {t('templates.noProblems')}
      </Typography.Text>
    );
  }
  return (
    <Alert
      type="error"
      showIcon
      title={t('templates.problems', { count: problems.length })}
      description={
        <ul style={{ margin: 0, paddingLeft: 18, maxHeight: 160, overflow: 'auto' }}>
          {problems.slice(0, 50).map((p, i) => (
            <li key={i}>{p.where ? `${p.where}: ${p.message}` : p.message}</li>
          ))}
        </ul>
      }
    />
  );
}
