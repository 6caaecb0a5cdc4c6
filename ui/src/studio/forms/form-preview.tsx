import { Component, useEffect, useState, type ReactNode } from 'react';
import { request } from '../../api/client.js';
import type { CatalogueEntry, FormSpec } from '../../api/types.js';
import { Notice } from '../../components/common.js';
import { AgoraForm } from '../../forms/agora-form.js';
import { CATALOGUE_KEYWORD } from '../../forms/catalogue-schema.js';
import { useI18n } from '../../i18n/i18n.js';

/** Catalogue keys named anywhere in a schema. */
export function catalogueKeys(schema: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(schema)) schema.forEach((s) => catalogueKeys(s, out));
  else if (schema && typeof schema === 'object') {
    for (const [k, v] of Object.entries(schema)) {
      if (k === CATALOGUE_KEYWORD && typeof v === 'string') out.add(v);
      else catalogueKeys(v, out);
    }
  }
  return out;
}

/** Keeps a half-edited schema that rjsf cannot render from taking the page down. */
class PreviewBoundary extends Component<{ schemaText: string; render: (message: string) => ReactNode; children: ReactNode }, { error: Error | null; schemaText: string }> {
  override state = { error: null as Error | null, schemaText: this.props.schemaText };
  static getDerivedStateFromError(error: Error) {
    return { error };
  }
  static getDerivedStateFromProps(props: { schemaText: string }, state: { error: Error | null; schemaText: string }) {
    // A changed form gets another try.
    return props.schemaText !== state.schemaText ? { error: null, schemaText: props.schemaText } : null;
  }
  override render() {
    return this.state.error ? this.props.render(this.state.error.message) : this.props.children;
  }
}

/** The live preview of one form with the real form renderer: what staff see, checked as in operation, nothing sent. */
export function FormPreview({ formKey, spec }: { formKey: string; spec: FormSpec }) {
  const { t } = useI18n();
  const [value, setValue] = useState<unknown>(undefined);
  const [valid, setValid] = useState(false);
  const [catalogues, setCatalogues] = useState<Record<string, CatalogueEntry[]>>({});
  const wanted = [...catalogueKeys(spec.schema)].filter((k) => !(k in catalogues)).join(',');

  useEffect(() => {
    if (!wanted) return;
    for (const k of wanted.split(','))
      request<{ entries: CatalogueEntry[] }>('GET', `/api/catalogues/${encodeURIComponent(k)}`).then(
        (c) => setCatalogues((prev) => ({ ...prev, [k]: c.entries })),
        () => setCatalogues((prev) => ({ ...prev, [k]: [] })),
      );
  }, [wanted]);

  return (
    <section className="card builder-preview" aria-labelledby="builder-preview-heading">
      <h3 id="builder-preview-heading">{t('builder.preview')}</h3>
      <p className="hint">{t('builder.previewHint')}</p>
      <PreviewBoundary schemaText={JSON.stringify([spec.schema, spec.uiSchema])} render={(message) => <p className="muted">{t('builder.previewBroken', { message })}</p>}>
        <AgoraForm
          idPrefix={`preview_${formKey}`}
          spec={spec}
          catalogues={catalogues}
          value={value}
          onChange={(v) => {
            setValue(v);
            setValid(false);
          }}
          onSubmit={async () => {
            setValid(true);
          }}
          submitLabel={t('studio.previewCheck')}
          headingLevel={3}
        />
      </PreviewBoundary>
      {valid && <Notice kind="success">{t('studio.previewValid')}</Notice>}
    </section>
  );
}

/** The catalogues an administrator can pick from (`GET /api/catalogues`). */
export function useCatalogueList(): Array<{ key: string; title: string | { de: string; en?: string } }> {
  const [items, setItems] = useState<Array<{ key: string; title: string | { de: string; en?: string } }>>([]);
  useEffect(() => {
    request<{ items: Array<{ key: string; title: string | { de: string; en?: string } }> }>('GET', '/api/catalogues').then(
      (r) => setItems(r.items),
      () => setItems([]),
    );
  }, []);
  return items;
}
