import type { StudioTabProps } from '../tabs.js';
import { useDefinitionDraft } from '../draft.js';
import { ChartEditor } from './chart-editor.js';

/** The "Ablauf" tab: the statechart editor over the page's draft document. */
export default function ChartTab(_props: StudioTabProps) {
  const draft = useDefinitionDraft();
  return <ChartEditor document={draft.document} update={draft.replace} focus={draft.focus} />;
}
