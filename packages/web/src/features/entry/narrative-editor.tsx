import { BoldOutlined, ItalicOutlined, OrderedListOutlined, UnderlineOutlined, UnorderedListOutlined } from '@ant-design/icons';
import type { Placeholder } from '@baocao/core';
import { Button, Flex, Tooltip } from 'antd';
import { useEffect, useLayoutEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { editorHtml, fillPlaceholder, fillPlaceholders, type PlaceholderText } from './narrative-text';
import './narrative-editor.css';

type Props = {
  /** The section as "I. Title", the editor's accessible name. */
  label: string;
  /** The stored HTML it starts from; a new value is taken only when the editor is mounted again (new key). */
  initialHtml: string;
  placeholders: readonly Placeholder[];
  textOf: PlaceholderText;
  onChange: (html: string) => void;
};

const COMMANDS = [
  { command: 'bold', key: 'bold', icon: <BoldOutlined /> },
  { command: 'italic', key: 'italic', icon: <ItalicOutlined /> },
  { command: 'underline', key: 'underline', icon: <UnderlineOutlined /> },
  { command: 'insertUnorderedList', key: 'bullets', icon: <UnorderedListOutlined /> },
  { command: 'insertOrderedList', key: 'numbers', icon: <OrderedListOutlined /> },
] as const satisfies readonly { command: string; key: string; icon: ReactNode }[];

/**
 * A small rich-text editor of one outline section (a contentEditable box): bold, italic, underline
 * and lists through the browser's editing commands, paste as plain text, and the section's data
 * placeholders inserted as tags showing the unit's figure. Writes its content as stored HTML.
 */
export function NarrativeEditor({ label, initialHtml, placeholders, textOf, onChange }: Props) {
  const { t } = useTranslation();
  const body = useRef<HTMLDivElement>(null);
  // Where the caret was last in this editor, so a toolbar click inserts there.
  const saved = useRef<Range | null>(null);

  useLayoutEffect(() => {
    if (body.current) body.current.innerHTML = initialHtml;
    // Only on mount: afterwards the editor owns its content.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  useEffect(() => {
    if (body.current) fillPlaceholders(body.current, textOf);
  }, [textOf]);

  const emit = () => {
    if (body.current) onChange(editorHtml(body.current));
  };
  const remember = () => {
    const selection = document.getSelection();
    if (selection?.rangeCount && body.current?.contains(selection.getRangeAt(0).commonAncestorContainer)) saved.current = selection.getRangeAt(0).cloneRange();
  };
  /** Focuses the editor with the caret where it was (at the end the first time). */
  const restore = (): Range | null => {
    const el = body.current;
    const selection = document.getSelection();
    if (!el || !selection) return null;
    remember();
    el.focus();
    let range = saved.current;
    if (!range || !el.contains(range.commonAncestorContainer)) {
      range = document.createRange();
      range.selectNodeContents(el);
      range.collapse(false);
    }
    selection.removeAllRanges();
    selection.addRange(range);
    return range;
  };
  const run = (command: string) => {
    restore();
    document.execCommand(command);
    remember();
    emit();
  };
  const insert = (key: string) => {
    const range = restore();
    if (!range) return;
    const span = document.createElement('span');
    span.setAttribute('data-placeholder', key);
    fillPlaceholder(span, textOf);
    const after = document.createTextNode('\u00a0');
    range.deleteContents();
    range.insertNode(after);
    range.insertNode(span);
    range.setStartAfter(after);
    range.collapse(true);
    const selection = document.getSelection();
    selection?.removeAllRanges();
    selection?.addRange(range);
    remember();
    emit();
  };

  return (
    <div className="narrative-editor">
      <Flex className="narrative-editor-toolbar" gap={4} wrap align="center" role="toolbar" aria-label={t('entry.narrative.toolbar', { section: label })}>
        {COMMANDS.map(({ command, key, icon }) => (
          <Tooltip key={key} title={t(`entry.narrative.format.${key}`)}>
            <Button size="small" type="text" icon={icon} aria-label={t(`entry.narrative.format.${key}`)} onMouseDown={(e) => e.preventDefault()} onClick={() => run(command)} />
          </Tooltip>
        ))}
        {placeholders.map((p) => (
          <Tooltip key={p.key} title={t('entry.narrative.insertHint', { value: textOf(p.key).text })}>
            <Button size="small" onMouseDown={(e) => e.preventDefault()} onClick={() => insert(p.key)}>
              {t('entry.narrative.insert', { label: p.label })}
            </Button>
          </Tooltip>
        ))}
      </Flex>
      <div
        ref={body}
        className="narrative-editor-body"
        contentEditable
        suppressContentEditableWarning
        role="textbox"
        aria-multiline
        aria-label={label}
        data-hint={t('entry.narrative.placeholder')}
        onFocus={() => document.execCommand('defaultParagraphSeparator', false, 'p')}
        onInput={emit}
        onKeyUp={remember}
        onMouseUp={remember}
        onBlur={remember}
        onPaste={(e) => {
          e.preventDefault();
          document.execCommand('insertText', false, e.clipboardData.getData('text/plain'));
        }}
      />
    </div>
  );
}
