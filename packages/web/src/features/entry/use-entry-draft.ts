import type { FormState, SavedForm, SaveConflict } from '@baocao/core';
import { useCallback, useEffect, useRef, useState } from 'react';
import { conflictsOf, useAdoptForm } from './api';

type Changes = Record<string, string | null>;
type Texts = Record<string, string>;
/** waiting: changes not sent yet; saving: a save is on its way; failed / conflict: the last save did not go through. */
export type SavePhase = 'idle' | 'waiting' | 'saving' | 'failed' | 'conflict';

/** Saves this long after the last keystroke, so a figure typed digit by digit is one save. */
const DEBOUNCE_MS = 1500;

/** What is left of `current` once a save of `sent` is confirmed: entries changed again meanwhile or never sent. */
function unconfirmed<T>(current: Record<string, T>, sent: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(current).filter(([key, value]) => !(key in sent) || sent[key] !== value));
}
const isEmpty = (o: object) => Object.keys(o).length === 0;

/**
 * The user's unsaved changes over the saved form, and their auto-save (R17): debounced, one save at a
 * time, each naming the version it started from. The server merges others' non-colliding changes;
 * colliding ones come back as a conflict for the user to settle.
 */
/** Sends changes made from `baseVersion`; answers with the merged form. */
/** Answers with the saved form, or with the part a save changed (`SavedForm`), which is laid over the form held. */
export type SaveFn = (baseVersion: number, changes: Changes, explanations: Texts) => Promise<FormState | SavedForm>;

export function useEntryDraft(form: FormState, refetch: () => Promise<FormState | undefined>, save: SaveFn) {
  const adopt = useAdoptForm();
  const [changes, setChanges] = useState<Changes>({});
  const [explanations, setExplanations] = useState<Texts>({});
  // Explanations as typed, kept after saving: the server trims them, and a trailing space must not vanish mid-sentence.
  const [typed, setTyped] = useState<Texts>({});
  const [phase, setPhase] = useState<SavePhase>('idle');
  const [error, setError] = useState<unknown>(null);
  const [conflicts, setConflicts] = useState<SaveConflict[] | null>(null);
  // The async save reads the latest state through refs, never a render's stale copy.
  const changesRef = useRef<Changes>({});
  const explanationsRef = useRef<Texts>({});
  const formRef = useRef(form);
  const timer = useRef<number | undefined>(undefined);
  const running = useRef<Promise<boolean> | null>(null);
  const blocked = useRef(false);
  const sendRef = useRef<() => Promise<boolean>>(() => Promise.resolve(true));

  useEffect(() => {
    formRef.current = form;
  }, [form]);

  const keep = useCallback((next: Changes, nextTexts: Texts) => {
    changesRef.current = next;
    explanationsRef.current = nextTexts;
    setChanges(next);
    setExplanations(nextTexts);
  }, []);

  const schedule = useCallback(() => {
    window.clearTimeout(timer.current);
    if (blocked.current) return;
    setPhase((p) => (p === 'saving' ? p : 'waiting'));
    timer.current = window.setTimeout(() => void sendRef.current(), DEBOUNCE_MS);
  }, []);

  const send = useCallback(async (): Promise<boolean> => {
    window.clearTimeout(timer.current);
    while (running.current) await running.current;
    if (blocked.current) return false;
    const sent = changesRef.current;
    const sentTexts = explanationsRef.current;
    if (isEmpty(sent) && isEmpty(sentTexts)) return true;
    const run = (async () => {
      setPhase('saving');
      setError(null);
      try {
        const next: FormState = { ...formRef.current, ...(await save(formRef.current.version, sent, sentTexts)) };
        formRef.current = next;
        adopt(next);
        keep(unconfirmed(changesRef.current, sent), unconfirmed(explanationsRef.current, sentTexts));
        if (isEmpty(changesRef.current) && isEmpty(explanationsRef.current)) setPhase('idle');
        else schedule();
        return true;
      } catch (e) {
        const found = conflictsOf(e);
        if (!found) {
          setError(e);
          setPhase('failed');
          return false;
        }
        // Settled against the current version: fetch it before asking.
        blocked.current = true;
        setError(e);
        const fresh = await refetch().catch(() => undefined);
        if (fresh) formRef.current = fresh;
        setConflicts(found);
        setPhase('conflict');
        return false;
      }
    })();
    running.current = run;
    try {
      return await run;
    } finally {
      running.current = null;
    }
  }, [adopt, keep, refetch, save, schedule]);

  useEffect(() => {
    sendRef.current = send;
  }, [send]);

  // Leaving the page with changes: save them on the way out, and warn before closing the tab.
  const unsaved = !isEmpty(changes) || !isEmpty(explanations) || phase === 'saving';
  useEffect(() => {
    if (!unsaved) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [unsaved]);
  useEffect(
    () => () => {
      window.clearTimeout(timer.current);
      if (!isEmpty(changesRef.current) || !isEmpty(explanationsRef.current)) void sendRef.current();
    },
    [],
  );

  /** Takes changed cells (canonical text, null clears) and saves them shortly. */
  const change = useCallback(
    (cells: Changes) => {
      keep({ ...changesRef.current, ...cells }, explanationsRef.current);
      schedule();
    },
    [keep, schedule],
  );

  /** Takes the explanation of a warning, saved with the draft. */
  const explain = useCallback(
    (key: string, text: string) => {
      keep(changesRef.current, { ...explanationsRef.current, [key]: text });
      setTyped((all) => ({ ...all, [key]: text }));
      schedule();
    },
    [keep, schedule],
  );

  /**
   * Settles a conflict: drop my changes of the colliding cells (all of them when the server did not
   * list them), or send mine again over the current version.
   */
  const resolve = useCallback(
    (choice: 'theirs' | 'mine') => {
      if (choice === 'theirs' && conflicts) {
        const drop = new Set(conflicts.map((c) => c.cell));
        keep(Object.fromEntries(Object.entries(changesRef.current).filter(([key]) => drop.size > 0 && !drop.has(key))), explanationsRef.current);
      }
      setError(null);
      blocked.current = false;
      setConflicts(null);
      setPhase('idle');
      void send();
    },
    [conflicts, keep, send],
  );

  /** Saves now what is pending (before submitting or uploading): the saved form, or null when it did not go through. */
  const flush = useCallback(async () => ((await send()) ? formRef.current : null), [send]);
  const retry = useCallback(() => void send(), [send]);

  return { changes, explanations: typed, phase, error, conflicts, unsaved, change, explain, resolve, flush, retry };
}
