import type { NarrativeLayout } from '@baocao/core';
import { Fragment } from 'react';
import { useTranslation } from 'react-i18next';
import type { DraftSection } from './outline-editor';

/** Times New Roman as Decree 30/2020 asks, or its metric twin Liberation Serif where it is missing. */
const SERIF = '"Times New Roman", Times, "Liberation Serif", "Nimbus Roman", serif';
const page: React.CSSProperties = {
  fontFamily: SERIF,
  fontSize: 17,
  lineHeight: 1.45,
  color: '#000',
  background: '#fff',
  width: '100%',
  maxWidth: 820,
  margin: '0 auto',
  // A4 margins in proportion: left 30 mm, right 15–20 mm, top and bottom 20 mm.
  padding: '48px 44px 56px 72px',
  boxShadow: '0 1px 6px rgba(0,0,0,.15)',
  border: '1px solid #e5e5e5',
};
/** Capitals in the text itself, not only on screen, so that a copy keeps them. */
const upper = (s: string) => s.toLocaleUpperCase('vi');
const centred: React.CSSProperties = { textAlign: 'center', margin: 0 };
const rule = (width: string): React.CSSProperties => ({ width, borderTop: '1px solid #000', margin: '2px auto 0' });
const chip: React.CSSProperties = { display: 'inline-block', background: '#e6f0fa', border: '1px solid #91b8e0', borderRadius: 4, padding: '0 6px', margin: '0 4px 2px 0', fontSize: 15, color: '#0b4f8a' };

type Props = { outline: DraftSection[]; layout: NarrativeLayout; issuingAgency: string };

/**
 * The narrative report as an administrative document (Decree 30/2020, Annex I): agency and
 * national name side by side, number, place and date, "BÁO CÁO" and its summary, the numbered
 * sections with writing guidance and data placeholders, the signer and the recipients.
 */
export function NarrativePreview({ outline, layout, issuingAgency }: Props) {
  const { t } = useTranslation();
  const year = new Date().getFullYear();
  return (
    <div data-testid="narrative-preview" style={page}>
      <div style={{ display: 'flex', justifyContent: 'space-between', gap: 16 }}>
        <div style={{ width: '42%', textAlign: 'center' }}>
          <p style={{ ...centred, fontSize: 16 }}>{upper(layout.parentAgency)}</p>
          <p style={{ ...centred, fontWeight: 700, fontSize: 16 }}>{upper(issuingAgency)}</p>
          <div style={rule('35%')} />
          <p style={{ ...centred, marginTop: 8 }}>{t('templates.narrative.number', { symbol: layout.symbol.trim() || 'BC' })}</p>
        </div>
        <div style={{ width: '58%', textAlign: 'center' }}>
          <p style={{ ...centred, fontWeight: 700, fontSize: 16, whiteSpace: 'nowrap' }}>{t('templates.narrative.nation')}</p>
          <p style={{ ...centred, fontWeight: 700 }}>{t('templates.narrative.motto')}</p>
          <div style={rule('62%')} />
          <p style={{ ...centred, marginTop: 8, fontStyle: 'italic' }}>{t('templates.narrative.placeDate', { year })}</p>
        </div>
      </div>

      <p style={{ ...centred, marginTop: 32, fontWeight: 700, fontSize: 18 }}>{t('templates.narrative.type')}</p>
      <p style={{ ...centred, fontWeight: 700 }}>{layout.summary || t('templates.narrative.noSummary')}</p>
      <div style={{ ...rule('22%'), marginTop: 8, marginBottom: 20 }} />

      {outline.map((s) => (
        <Fragment key={s.key}>
          <p style={{ margin: '10px 0 2px', textIndent: s.level === 0 ? 0 : 38, fontWeight: s.level === 0 ? 700 : s.level === 1 ? 700 : 400, fontStyle: s.level >= 2 ? 'italic' : undefined }}>
            {[s.number.trim(), s.title.trim()].filter(Boolean).join(s.level === 0 ? '. ' : ' ')}
          </p>
          {s.guidance.trim() && <p style={{ margin: '0 0 4px', textIndent: 38, textAlign: 'justify', fontStyle: 'italic', color: '#7a7a7a' }}>{s.guidance}</p>}
          {s.placeholders.length > 0 && (
            <p style={{ margin: '0 0 6px', paddingLeft: 38 }}>
              {s.placeholders.map((p, j) => (
                <span key={j} style={chip} title={p.key}>{`«${p.label || p.key}»`}</span>
              ))}
            </p>
          )}
        </Fragment>
      ))}

      <div style={{ display: 'flex', justifyContent: 'space-between', marginTop: 28, gap: 16 }}>
        <div style={{ width: '45%', fontSize: 14 }}>
          <p style={{ margin: 0, fontWeight: 700, fontStyle: 'italic', fontSize: 15 }}>{t('templates.narrative.recipients')}</p>
          {layout.recipients.filter((r) => r.trim()).map((r, i) => (
            <p key={i} style={{ margin: 0 }}>{`- ${r}`}</p>
          ))}
        </div>
        <div style={{ width: '50%', textAlign: 'center' }}>
          <p style={{ ...centred, fontWeight: 700, whiteSpace: 'pre-line' }}>{upper(layout.signerTitle)}</p>
          <p style={{ ...centred, fontStyle: 'italic', fontSize: 14, color: '#7a7a7a', marginTop: 4 }}>{t('templates.narrative.signHint')}</p>
          <div style={{ height: 64 }} />
        </div>
      </div>
    </div>
  );
}
