import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import { api } from '../api/client.js';
import type { DefinitionGraph, LocalizedText } from '../api/types.js';
import { ErrorBox, Loading } from '../components/common.js';
import { useI18n } from '../i18n/i18n.js';
import { delayLabelsOf, eventLabelsOf, taskLabelsOf } from './event-labels.js';

const StateDiagram = lazy(() => import('./state-diagram.js'));

/** Delay descriptions are keyed `⏱ name`, as the graph labels timer edges. */
const prefixed = (labels: Record<string, LocalizedText>) => Object.fromEntries(Object.entries(labels).map(([k, v]) => [`⏱ ${k}`, v]));

/**
 * The statechart of a definition, loaded only when the section scrolls into
 * view: the diagram code (React Flow, ELK) is a separate chunk and the graph
 * a separate request, so the form above appears without waiting for either.
 */
export function DiagramSection({
  definition,
  version,
  active,
  caption,
  graph: given,
  doc,
}: {
  definition: string;
  version: number;
  active: string[];
  caption: string;
  /** A graph at hand (studio preview of an unsaved document); else it is loaded. */
  graph?: DefinitionGraph;
  /** The definition document, for event and delay labels; else it is loaded. */
  doc?: { machine: unknown };
}) {
  const { t } = useI18n();
  const ref = useRef<HTMLDivElement>(null);
  const [visible, setVisible] = useState(false);
  const [graph, setGraph] = useState<DefinitionGraph | null>(given ?? null);
  const [error, setError] = useState<unknown>(null);
  const labelsOf = (d: { machine: unknown }) => ({ ...eventLabelsOf(d.machine), ...taskLabelsOf(d.machine), ...prefixed(delayLabelsOf(d)) });
  const [labels, setLabels] = useState<Record<string, LocalizedText> | null>(doc ? labelsOf(doc) : null);

  useEffect(() => {
    const el = ref.current;
    if (!el || visible) return;
    if (typeof IntersectionObserver === 'undefined') {
      setVisible(true);
      return;
    }
    const io = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && setVisible(true), { rootMargin: '200px' });
    io.observe(el);
    return () => io.disconnect();
  }, [visible]);

  useEffect(() => {
    if (doc) setLabels(labelsOf(doc));
    if (given) setGraph(given);
    if (!visible || (given && doc)) return;
    let alive = true;
    if (!given) {
      api.graph(definition, version).then(
        (g) => alive && setGraph(g),
        (e: unknown) => alive && setError(e),
      );
    }
    if (!doc) {
      // Labels only make the edges friendlier; without them the diagram still shows.
      api.definition(definition, version).then(
        (d) => alive && setLabels(labelsOf(d.body)),
        () => alive && setLabels({}),
      );
    }
    return () => {
      alive = false;
    };
  }, [visible, definition, version, given, doc]);

  return (
    <div ref={ref} className="diagram-section">
      <ErrorBox error={error} />
      {visible && graph && labels ? (
        <Suspense fallback={<Loading label={t('diagram.loading')} />}>
          <StateDiagram graph={graph} active={active} caption={caption} eventLabels={labels} />
        </Suspense>
      ) : (
        !error && <Loading label={t('diagram.loading')} />
      )}
    </div>
  );
}
