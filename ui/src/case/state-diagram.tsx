import { useEffect, useMemo, useRef, useState } from 'react';
import { ReactFlow, BaseEdge, EdgeLabelRenderer, Handle, Position, type Edge, type EdgeProps, type Node, type NodeProps } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import ELK from 'elkjs/lib/elk.bundled.js';
import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api.js';
import type { DefinitionGraph, LocalizedText } from '../api/types.js';
import { useI18n } from '../i18n/i18n.js';
import { afterText } from './duration-text.js';
import { humanizeEvent } from './event-labels.js';

const elk = new ELK();
/** A stable empty list: a new `[]` each render would lay the chart out again and again. */
const NONE: string[] = [];

type StateData = { label: string; active: boolean; final: boolean; task: boolean; compound: boolean; taskLabel: string; selected?: boolean };
type RouteData = { points: Array<{ x: number; y: number }>; labelAt?: { x: number; y: number }; labelWidth?: number; text?: string; timer: boolean; selected?: boolean };

function StateNode({ data }: NodeProps<Node<StateData>>) {
  const cls = ['state-node', data.active && 'is-active', data.final && 'is-final', data.compound && 'is-compound', data.selected && 'is-selected'].filter(Boolean).join(' ');
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
    <>
      <BaseEdge path={d} markerEnd={markerEnd} className={[data.timer && 'edge-timer', data.selected && 'edge-selected'].filter(Boolean).join(' ') || undefined} interactionWidth={12} />
      {data.text && data.labelAt && (
        // A label wraps over lines, so long task titles do not stretch the chart.
        <EdgeLabelRenderer>
          <div
            className={`edge-label${data.timer ? ' edge-label-timer' : ''}${data.selected ? ' edge-label-selected' : ''}`}
            style={{ width: data.labelWidth, transform: `translate(-50%, -50%) translate(${data.labelAt.x}px, ${data.labelAt.y}px)` }}
          >
            {data.text}
          </div>
        </EdgeLabelRenderer>
      )}
    </>
  );
}

const nodeTypes = { state: StateNode };
const edgeTypes = { routed: RoutedEdge };
const NODE_H = 48;
const widthOf = (label: string) => Math.min(240, Math.max(110, label.length * 7.5 + 30));

const LABEL_MAX = 150;
const CHAR_W = 6.4;
const LINE_H = 15;
/** The box of an edge label wrapped at {@link LABEL_MAX} px (roughly, by characters). */
function labelBox(text: string): { width: number; height: number } {
  if (!text) return { width: 0, height: 0 };
  const perLine = Math.floor((LABEL_MAX - 8) / CHAR_W);
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && (line + ' ' + word).length > perLine) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  const longest = Math.max(...lines.map((l) => l.length));
  return { width: Math.min(LABEL_MAX, Math.ceil(longest * CHAR_W + 10)), height: lines.length * LINE_H + 4 };
}

interface Layout {
  nodes: Node<StateData>[];
  edges: Edge<RouteData>[];
  width: number;
  height: number;
}

async function layout(graph: DefinitionGraph, title: (id: string) => string, edgeLabel: (l: string, source: string) => string, active: Set<string>, taskLabel: string): Promise<Layout> {
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
      'elk.direction': 'DOWN',
      'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
      'elk.edgeRouting': 'ORTHOGONAL',
      'elk.layered.spacing.nodeNodeBetweenLayers': '56',
      'elk.spacing.nodeNode': '28',
      'elk.spacing.edgeLabel': '4',
      'elk.edgeLabels.placement': 'CENTER',
    },
    children: build(null),
    edges: edges.map((e) => {
      const text = e.label ? edgeLabel(e.label, e.source) : '';
      const { width, height } = labelBox(text);
      return { id: e.id, sources: [e.source], targets: [e.target], labels: text ? [{ text, width, height }] : [] };
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
        labelWidth: label?.width,
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
  active = NONE,
  caption,
  eventLabels = {},
  selected,
  onSelect,
}: {
  graph: DefinitionGraph;
  active?: string[];
  caption: string;
  eventLabels?: Record<string, LocalizedText>;
  /** The selected state path or edge id (the studio's editor). */
  selected?: string | null;
  /** Makes states and arrows clickable (the studio); the editor's list offers the same by keyboard. */
  onSelect?: (kind: 'state' | 'edge', id: string) => void;
}) {
  const { t, lt } = useI18n();
  const box = useRef<HTMLDivElement>(null);
  const zoomRef = useRef(1);
  const [result, setResult] = useState<Layout | null>(null);
  /** `null`: fit to the width of the page; else the size the person chose. */
  const [chosenZoom, setChosenZoom] = useState<number | null>(null);
  const [availWidth, setAvailWidth] = useState(800);
  const drag = useRef<{ x: number; y: number; left: number; top: number } | null>(null);
  const [failed, setFailed] = useState(false);
  const activeSet = useMemo(() => new Set(active), [active]);
  const titles = useMemo(() => new Map(graph.nodes.map((n) => [n.id, lt(n.title)])), [graph, lt]);

  useEffect(() => {
    let alive = true;
    // Each arrow in words (#12): the task it completes, the event's label, the deadline, or what the engine reports.
    const edgeLabel = (l: string, source: string) => {
      if (l === 'SUBMIT') return eventLabels[`SUBMIT@${source}`] ? lt(eventLabels[`SUBMIT@${source}`]) : t('diagram.submit');
      if (eventLabels[l]) return l.startsWith('⏱ ') ? t('diagram.timer', { what: lt(eventLabels[l]) }) : lt(eventLabels[l]);
      if (l.startsWith('⏱ ')) return t('diagram.timer', { what: afterText(l.slice(2), t) });
      return t('diagram.automatic', { what: humanizeEvent(l) });
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

  // The page width decides the fitted size; follow it when the window changes.
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const measure = () => setAvailWidth(el.clientWidth || 800);
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const shown = useMemo(() => {
    if (!result || selected === undefined) return result;
    return {
      ...result,
      nodes: result.nodes.map((n) => (n.data.selected === (n.id === selected) ? n : { ...n, data: { ...n.data, selected: n.id === selected } })),
      edges: result.edges.map((e) => (e.data && e.data.selected !== (e.id === selected) ? { ...e, data: { ...e.data, selected: e.id === selected } } : e)),
    };
  }, [result, selected]);
  const compoundIds = new Set(graph.nodes.map((n) => n.parent).filter((p): p is string => !!p));
  const steps = graph.nodes.filter((n) => !compoundIds.has(n.id));
  const PAD = 16;
  const fitted = result ? Math.max(0.35, Math.min(1.25, (availWidth - 2 * PAD) / result.width)) : 1;
  const zoom = chosenZoom ?? fitted;
  zoomRef.current = zoom;
  const setZoom = (z: number) => setChosenZoom(Math.max(0.3, Math.min(2.5, Math.round(z * 100) / 100)));
  // Drag to pan: the box scrolls natively (keyboard and wheel too); the mouse may also grab the picture.
  const onPointerDown = (e: React.PointerEvent<HTMLDivElement>) => {
    if (e.pointerType !== 'mouse' || e.button !== 0 || !box.current) return;
    // A click on a state or arrow selects it in the studio; capturing the pointer would swallow that click.
    if (onSelect && (e.target as Element).closest?.('.react-flow__node, .react-flow__edge, .edge-label')) return;
    drag.current = { x: e.clientX, y: e.clientY, left: box.current.scrollLeft, top: box.current.scrollTop };
    box.current.setPointerCapture?.(e.pointerId);
  };
  const onPointerMove = (e: React.PointerEvent<HTMLDivElement>) => {
    const d = drag.current;
    if (!d || !box.current) return;
    box.current.scrollLeft = d.left - (e.clientX - d.x);
    box.current.scrollTop = d.top - (e.clientY - d.y);
  };
  const endDrag = () => {
    drag.current = null;
  };
  const width = result ? Math.ceil(result.width * zoom + 2 * PAD) : 0;
  const height = result ? Math.ceil(result.height * zoom + 2 * PAD) : 200;
  return (
    <figure className="diagram">
      <div className="diagram-tools">
        <button type="button" className="btn btn-secondary btn-small" onClick={() => setZoom(zoom / 1.25)}>
          {t('diagram.zoomOut')}
        </button>
        <button type="button" className="btn btn-secondary btn-small" onClick={() => setZoom(zoom * 1.25)}>
          {t('diagram.zoomIn')}
        </button>
        <button type="button" className="btn btn-secondary btn-small" onClick={() => setChosenZoom(null)} aria-pressed={chosenZoom === null}>
          {t('diagram.fit')}
        </button>
        <span className="muted diagram-zoom" aria-live="polite">
          {t('diagram.zoom', { n: Math.round(zoom * 100) })}
        </span>
      </div>
      {/* Scrolls natively (keyboard too) when the chart is wider than the page; the mouse can drag it. */}
      <div
        ref={box}
        className="diagram-scroll"
        tabIndex={0}
        role="group"
        aria-label={t('diagram.scroll')}
        title={t('diagram.panHint')}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={endDrag}
        onPointerCancel={endDrag}
      >
        <div className="diagram-canvas" style={{ width: width || '100%', height }} aria-hidden="true">
          <svg width="0" height="0" style={{ position: 'absolute' }}>
            <defs>
              <marker id="agora-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                <path d="M0,0 L10,5 L0,10 z" fill="#4f5a63" />
              </marker>
            </defs>
          </svg>
          {shown && (
            <ReactFlow
              // React Flow measures nodes once per mount: a new selection (new node objects) mounts it afresh.
              key={`${shown.width}x${shown.height}:${zoom}:${selected ?? ''}`}
              nodes={shown.nodes}
              edges={shown.edges}
              onNodeClick={onSelect ? (_e, n) => onSelect('state', n.id) : undefined}
              onEdgeClick={onSelect ? (_e, ed) => onSelect('edge', ed.id) : undefined}
              nodeTypes={nodeTypes}
              edgeTypes={edgeTypes}
              defaultViewport={{ x: PAD, y: PAD, zoom }}
              minZoom={0.2}
              maxZoom={3}
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
