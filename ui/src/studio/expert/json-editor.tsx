import { useEffect, useRef } from 'react';
import { basicSetup } from 'codemirror';
import { EditorState, type Extension } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { jsonSchema, parseJSONDocumentState, updateSchema } from 'codemirror-json-schema';

/** A JSON Schema as codemirror-json-schema takes it. */
export type EditorSchema = NonNullable<Parameters<typeof jsonSchema>[0]>;

/** Props of {@link JsonEditor}. */
export interface JsonEditorProps {
  text: string;
  /** The format's JSON Schema, for completion, hover and checks while typing. */
  schema?: EditorSchema;
  /** Accessible name of the editing area. */
  label: string;
  onText: (text: string) => void;
  /** A JSON pointer to select and show (once per change of `reveal`). */
  reveal?: { pointer: string; seq: number } | null;
}

/**
 * CodeMirror 6 with JSON and JSON-Schema support, mounted in a shadow root:
 * CodeMirror writes its styles at run time, and in a shadow root it uses a
 * constructed style sheet instead of a `<style>` element, so the page's
 * Content-Security-Policy (`style-src 'self'`) stays as strict as it is.
 */
export function JsonEditor({ text, schema, label, onText, reveal }: JsonEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const onTextRef = useRef(onText);
  const applying = useRef(false);
  useEffect(() => {
    onTextRef.current = onText;
  }, [onText]);

  useEffect(() => {
    const el = host.current!;
    const shadow = el.shadowRoot ?? el.attachShadow({ mode: 'open' });
    const parent = document.createElement('div');
    shadow.replaceChildren(parent);
    const extensions: Extension[] = [
      basicSetup,
      jsonSchema(schema),
      EditorView.contentAttributes.of({ 'aria-label': label }),
      // Long lines wrap and the editor grows with the page: no scrolling box of its own to reach by keyboard.
      EditorView.lineWrapping,
      EditorView.theme({ '&': { fontSize: '0.9rem', border: '1px solid #c9d1d8', borderRadius: '6px', background: '#fff' }, '.cm-scroller': { fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace' }, '&.cm-focused': { outline: '3px solid #ffbf47' } }),
      EditorView.updateListener.of((u) => {
        if (u.docChanged && !applying.current) onTextRef.current(u.state.doc.toString());
      }),
    ];
    const v = new EditorView({ parent, root: shadow, state: EditorState.create({ doc: text, extensions }) });
    view.current = v;
    return () => {
      v.destroy();
      view.current = null;
    };
    // The editor is created once; text and schema follow through the effects below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    const v = view.current;
    if (!v || v.state.doc.toString() === text) return;
    applying.current = true;
    const head = Math.min(v.state.selection.main.head, text.length);
    v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: text }, selection: { anchor: head } });
    applying.current = false;
  }, [text]);

  useEffect(() => {
    if (view.current && schema) updateSchema(view.current, schema);
  }, [schema]);

  useEffect(() => {
    const v = view.current;
    if (!v || !reveal) return;
    const { pointers } = parseJSONDocumentState(v.state);
    // The pointer itself, or the nearest enclosing one that is written in the text.
    let p = reveal.pointer;
    while (p && !pointers.has(p)) p = p.slice(0, Math.max(0, p.lastIndexOf('/')));
    const at = pointers.get(p);
    if (!at) return;
    const to = 'valueTo' in at ? at.valueTo : at.keyTo;
    v.dispatch({ selection: { anchor: at.keyFrom, head: Math.min(to, at.keyFrom + 2000) }, effects: EditorView.scrollIntoView(at.keyFrom, { y: 'start' }) });
    v.focus();
  }, [reveal]);

  return <div ref={host} className="json-editor-host" />;
}
