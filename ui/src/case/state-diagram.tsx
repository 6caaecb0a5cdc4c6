import { useEffect, useMemo, useRef, useState } from 'react';
import { ReactFlow, BaseEdge, Handle, Position, type Edge, type EdgeProps, type Node, type NodeProps } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import ELK from 'elkjs/lib/elk.bundled.js';
import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api.js';
import type { DefinitionGraph, LocalizedText } from '../api/types.js';
import { useI18n } from '../i18n/i18n.js';
import { durationText } from './duration-text.js';

const elk = new ELK();

type StateData = { label: string; active: boolean; final: boolean; task: boolean; compound: boolean; taskLabel: string };
type RouteData = { points: Array<{ x: number; y: number }>; labelAt?: { x: number; y: number }; text?: string; timer: boolean };

function StateNode({ data }: NodeProps<Node<StateData>>) {
  const cls = ['state-node', data.active && 'is-active', data.final && 'is-final', data.compound && 'is-compound'].filter(Boolean).join(' ');
  return (
    <div className={cls}>
      <Handle type="target" position={Position.Left} className="state-handle" isConnectable={false} />
      <span className="state-node-label">{data.label}</span>
      {data.task && !data.compound && <span className="state-node-task">{data.taskLabel}</span>}
      <Handle type="source" position={Position.Right} className="state-handle" isConnectable={false} />
    </div>
  );
}

/** An edge drawn along the route ELK computed (orthogonal, around the boxes), not React Flow's own curve. */
function RoutedEdge({ data, markerEnd }: EdgeProps<Edge<RouteData>>) {
  if (!data?.points.length) return null;
  const d = data.points.map((p, i) => `${i ? 'L' : 'M'}${p.x},${p.y}`).join(' ');
  return (
    <BaseEdge
      path={d}
      markerEnd={markerEnd}
      className={data.timer ? 'edge-timer' : undefined}
      label={data.text}
      labelX={data.labelAt?.x}
      labelY={data.labelAt?.y}
      labelStyle={{ fontSize: 11 }}
      labelBgPadding={[3, 1]}
      labelShowBg
    />
  );
}

const nodeTypes = { state: StateNode };
const edgeTypes = { routed: RoutedEdge };
const NODE_H = 48;
const widthOf = (label: string) => Math.min(240, Math.max(110, label.length * 7.5 + 30));

interface Layout {
  nodes: Node<StateData>[];
  edges: Edge<RouteData>[];
  width: number;
  height: number;
}

async function layout(graph: DefinitionGraph, title: (id: string) => string, edgeLabel: (l: string) => string, active: Set<string>, taskLabel: string): Promise<Layout> {
  const childrenOf = new Map<string | null, DefinitionGraph['nodes']>();
  for (const n of graph.nodes) childrenOf.set(n.parent, [...(childrenOf.get(n.parent) ?? []), n]);
  const build = (parent: string | null): ElkNode[] =>
    (childrenOf.get(parent) ?? []).map((n) => {
      const kids = build(n.id);
      return kids.length
        ? { id: n.id, children: kids, labels: [{ text: title(n.id), width: widthOf(title(n.id)), height: 16 }], layoutOptions: { 'elk.padding': '[top=34,left=14,bottom=14,right=14]', 'elk.nodeLabels.placement': 'INSIDE V_TOP H_LEFT' } }
        : { id: n.id, width: widthOf(title(n.id)), height: NODE_H };
    });
  const edges = graph.edges.filter((e) => e.source !== e.target);
  const root: ElkNode = {
    id: '__root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
      'elk.edgeRouting': 'ORTHOGONAL',
      'elk.layered.spacing.nodeNodeBetweenLayers': '56',
      'elk.spacing.nodeNode': '28',
      'elk.spacing.edgeLabel': '4',
      'elk.edgeLabels.placement': 'CENTER',
    },
    children: build(null),
    edges: edges.map((e) => {
      const text = e.label ? edgeLabel(e.label) : '';
      return { id: e.id, sources: [e.source], targets: [e.target], labels: text ? [{ text, width: text.length * 6 + 8, height: 14 }] : [] };
    }),
  };
  const res = await elk.layout(root);

  // ELK gives positions relative to the parent; React Flow wants child nodes relative too, but edges absolute.
  const absolute = new Map<string, { x: number; y: number }>([['__root', { x: 0, y: 0 }]]);
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const nodes: Node<StateData>[] = [];
  const walk = (list: ElkNode[] | undefined, parent: string | undefined, origin: { x: number; y: number }) => {
    for (const n of list ?? []) {
      const abs = { x: origin.x + (n.x ?? 0), y: origin.y + (n.y ?? 0) };
      absolute.set(n.id, abs);
      const info = byId.get(n.id);
      const compound = !!n.children?.length;
      nodes.push({
        id: n.id,
        type: 'state',
        position: { x: n.x ?? 0, y: n.y ?? 0 },
        parentId: parent,
        style: { width: n.width, height: n.height },
        data: { label: title(n.id), active: active.has(n.id), final: info?.type === 'final', task: !!info?.hasTask, compound, taskLabel },
        draggable: false,
        selectable: false,
        zIndex: compound ? 0 : 2,
      });
      walk(n.children, n.id, abs);
    }
  };
  walk(res.children, undefined, { x: 0, y: 0 });

  const kind = new Map(edges.map((e) => [e.id, e.kind]));
  const laidOut: ElkExtendedEdge[] = [];
  const collect = (n: ElkNode) => {
    laidOut.push(...(n.edges ?? []));
    n.children?.forEach(collect);
  };
  collect(res);
  const flowEdges: Edge<RouteData>[] = laidOut.map((e) => {
    const container = (e as ElkExtendedEdge & { container?: string }).container ?? '__root';
    const o = absolute.get(container) ?? { x: 0, y: 0 };
    const s = e.sections?.[0];
    const pts = s ? [s.startPoint, ...(s.bendPoints ?? []), s.endPoint].map((p) => ({ x: p.x + o.x, y: p.y + o.y })) : [];
    const label = e.labels?.[0];
    return {
      id: e.id,
      source: e.sources[0],
      target: e.targets[0],
      type: 'routed',
      markerEnd: 'agora-arrow',
      zIndex: 1,
      data: {
        points: pts,
        text: label?.text,
        labelAt: label ? { x: (label.x ?? 0) + o.x + (label.width ?? 0) / 2, y: (label.y ?? 0) + o.y + (label.height ?? 0) / 2 } : undefined,
        timer: kind.get(e.id) === 'after',
      },
    };
  });
  return { nodes, edges: flowEdges, width: res.width ?? 600, height: res.height ?? 300 };
}

/**
 * The process as a statechart diagram (ELK layout, React Flow drawing), the
 * case's current states highlighted. It is a picture: hidden from assistive
 * technology, which gets the caption and the list of steps instead.
 */
export default function StateDiagram({
  graph,
  active = [],
  caption,
  eventLabels = {},
}: {
  graph: DefinitionGraph;
  active?: string[];
  caption: string;
  eventLabels?: Record<string, LocalizedText>;
}) {
  const { t, lt } = useI18n();
  const box = useRef<HTMLDivElement>(null);
  const zoomRef = useRef(1);
  const [result, setResult] = useState<Layout | null>(null);
  const [failed, setFailed] = useState(false);
  const activeSet = useMemo(() => new Set(active), [active]);
  const titles = useMemo(() => new Map(graph.nodes.map((n) => [n.id, lt(n.title)])), [graph, lt]);

  useEffect(() => {
    let alive = true;
    const edgeLabel = (l: string) => {
      if (l === 'SUBMIT') return t('diagram.submit');
      if (eventLabels[l]) return l.startsWith('⏱ ') ? t('diagram.timer', { what: lt(eventLabels[l]) }) : lt(eventLabels[l]);
      if (l.startsWith('⏱ ')) return t('diagram.timer', { what: durationText(l.slice(2), t) });
      return l;
    };
    layout(graph, (id) => titles.get(id) ?? id, edgeLabel, activeSet, t('diagram.task')).then(
      (r) => alive && setResult(r),
      () => alive && setFailed(true),
    );
    return () => {
      alive = false;
    };
  }, [graph, titles, activeSet, t, lt, eventLabels]);

  // Bring the current step into view when the chart is wider than the page.
  useEffect(() => {
    const el = box.current;
    if (!result || !el) return;
    const current = result.nodes.filter((n) => n.data.active && !n.data.compound);
    if (!current.length) return;
    const abs = (id: string | undefined): number => {
      const n = result.nodes.find((x) => x.id === id);
      return n ? n.position.x + abs(n.parentId) : 0;
    };
    const x = abs(current[0].id) * zoomRef.current;
    el.scrollLeft = Math.max(0, x - el.clientWidth / 3);
  }, [result]);

  const compoundIds = new Set(graph.nodes.map((n) => n.parent).filter((p): p is string => !!p));
  const steps = graph.nodes.filter((n) => !compoundIds.has(n.id));
  const PAD = 16;
  const avail = box.current?.clientWidth ?? 800;
  const zoom = result ? Math.max(0.7, Math.min(1, (avail - 2 * PAD) / result.width)) : 1;
  zoomRef.current = zoom;
  const width = result ? Math.ceil(result.width * zoom + 2 * PAD) : 0;
  const height = result ? Math.ceil(result.height * zoom + 2 * PAD) : 200;
  return (
    <figure className="diagram">
      {/* Scrolls natively (keyboard too) when the chart is wider than the page. */}
      <div ref={box} className="diagram-scroll" tabIndex={0} role="group" aria-label={t('diagram.scroll')}>
        <div className="diagram-canvas" style={{ width: width || '100%', height }} aria-hidden="true">
          <svg width="0" height="0" style={{ position: 'absolute' }}>
            <defs>
              <marker id="agora-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                <path d="M0,0 L10,5 L0,10 z" fill="#4f5a63" />
              </marker>
            </defs>
          </svg>
          {result && (
            <ReactFlow
              key={`${result.width}x${result.height}:${zoom}`}
              nodes={result.nodes}
              edges={result.edges}
              nodeTypes={nodeTypes}
              edgeTypes={edgeTypes}
              defaultViewport={{ x: PAD, y: PAD, zoom }}
              nodesDraggable={false}
              nodesConnectable={false}
              nodesFocusable={false}
              edgesFocusable={false}
              elementsSelectable={false}
              disableKeyboardA11y
              panOnDrag={false}
              zoomOnScroll={false}
              zoomOnPinch={false}
              zoomOnDoubleClick={false}
              preventScrolling={false}
              panOnScroll={false}
              proOptions={{ hideAttribution: true }}
            />
          )}
          {failed && <p className="muted">{t('diagram.failed')}</p>}
        </div>
      </div>
      <figcaption>
        {caption}
        <details className="diagram-list">
          <summary>{t('diagram.asList')}</summary>
          <ul className="diagram-steps">
            {steps.map((n) => (
              <li key={n.id} className={activeSet.has(n.id) ? 'is-active' : undefined}>
                {titles.get(n.id)}
                {activeSet.has(n.id) && <strong> ({t('diagram.current')})</strong>}
              </li>
            ))}
          </ul>
        </details>
      </figcaption>
    </figure>
  );
}
