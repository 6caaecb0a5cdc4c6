import { useEffect, useState } from 'react';
import { api } from '../api/client.js';
import type { CatalogueEntry, DefinitionDocument, DefinitionGraph, JsonSchema } from '../api/types.js';
import { Notice } from '../components/common.js';
import { DiagramSection } from '../case/diagram-section.js';
import { AgoraForm } from '../forms/agora-form.js';
import { CATALOGUE_KEYWORD } from '../forms/catalogue-schema.js';
import { useI18n } from '../i18n/i18n.js';

/** Catalogue keys named anywhere in a form schema. */
function catalogueKeys(schema: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(schema)) schema.forEach((s) => catalogueKeys(s, out));
  else if (schema && typeof schema === 'object') {
    for (const [k, v] of Object.entries(schema as JsonSchema)) {
      if (k === CATALOGUE_KEYWORD && typeof v === 'string') out.add(v);
      else catalogueKeys(v, out);
    }
  }
  return out;
}

/**
 * Live preview of a definition before publishing: every form rendered as
 * staff will see it (validation included, nothing is sent) and the diagram.
 */
export function DefinitionPreview({ doc, graph, idBase }: { doc: DefinitionDocument; graph?: DefinitionGraph; idBase: string }) {
  const { t, lt } = useI18n();
  const formKeys = Object.keys(doc.forms ?? {});
  const [form, setForm] = useState(formKeys[0] ?? '');
  const [values, setValues] = useState<Record<string, unknown>>({});
  const [valid, setValid] = useState<string | null>(null);
  const [catalogues, setCatalogues] = useState<Record<string, CatalogueEntry[]>>({});
  const spec = doc.forms?.[form];

  useEffect(() => {
    if (!formKeys.includes(form)) setForm(formKeys[0] ?? '');
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [doc]);

  useEffect(() => {
    const keys = [...catalogueKeys(doc.forms)].filter((k) => !(k in catalogues));
    keys.forEach((k) =>
      api.catalogue(k).then(
        (c) => setCatalogues((prev) => ({ ...prev, [k]: c.entries })),
        () => setCatalogues((prev) => ({ ...prev, [k]: [] })),
      ),
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [doc]);

  return (
    <div className="stack">
      <section aria-labelledby={`${idBase}-forms`} className="card">
        <h2 id={`${idBase}-forms`}>{t('studio.previewForms')}</h2>
        <p className="hint">{t('studio.previewHint')}</p>
        {formKeys.length === 0 && <p className="muted">{t('studio.noForms')}</p>}
        {formKeys.length > 0 && (
          <div className="field">
            <label htmlFor={`${idBase}-form-select`}>{t('studio.chooseForm')}</label>
            <select
              id={`${idBase}-form-select`}
              value={form}
              onChange={(e) => {
                setForm(e.target.value);
                setValid(null);
              }}
            >
              {formKeys.map((k) => (
                <option key={k} value={k}>
                  {lt(doc.forms[k].title, k)} ({k})
                </option>
              ))}
            </select>
          </div>
        )}
        {spec && (
          <div className="preview-frame">
            <AgoraForm
              key={form}
              idPrefix={`${idBase}_${form}`}
              spec={spec}
              catalogues={catalogues}
              value={values[form]}
              onChange={(v) => {
                setValues((prev) => ({ ...prev, [form]: v }));
                setValid(null);
              }}
              onSubmit={async () => {
                setValid(form);
              }}
              submitLabel={t('studio.previewCheck')}
              headingLevel={3}
            />
            {valid === form && <Notice kind="success">{t('studio.previewValid')}</Notice>}
          </div>
        )}
      </section>
      <section aria-labelledby={`${idBase}-diagram`} className="card">
        <h2 id={`${idBase}-diagram`}>{t('studio.previewDiagram')}</h2>
        <DiagramSection definition={doc.key} version={doc.version} active={[]} caption={t('studio.diagramCaption', { title: lt(doc.title) })} graph={graph} doc={doc} />
      </section>
    </div>
  );
}
