import type { StudioTabProps } from '../tabs.js';
import { DefinitionPreview } from '../definition-preview.js';
import { useDefinitionDraft } from '../draft.js';

/** The "Formulare" tab: the form builder (coming) and the live preview of the draft's forms. */
export default function FormsTab(_props: StudioTabProps) {
  const draft = useDefinitionDraft();
  return <DefinitionPreview doc={draft.document} idBase="def" />;
}
