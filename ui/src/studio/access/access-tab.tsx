import type { StudioTabProps } from '../tabs.js';
import { useDefinitionDraft } from '../draft.js';
import { useDraftLint } from '../chart/use-lint.js';
import { AccessEditor } from './access-editor.js';

/** The "Zugriff" tab: the access rules per role over the page's draft document, with lint problems at each role. */
export default function AccessTab(_props: StudioTabProps) {
  const draft = useDefinitionDraft();
  const lint = useDraftLint(draft.document);
  return <AccessEditor document={draft.document} update={draft.replace} problems={lint.problems} warnings={lint.warnings} />;
}
