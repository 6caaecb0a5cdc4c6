import type { LocalizedText } from '../../api/types.js';
import { afterText } from '../../case/duration-text.js';
import { humanizeEvent } from '../../case/event-labels.js';
import type { MessageKey } from '../../i18n/messages.js';
import type { ChartTransition } from './transitions.js';

type T = (key: MessageKey, params?: Record<string, string | number>) => string;

/** What triggers a transition, in words: "Aufgabe erledigt", "nach 14 Tagen", the event's label. */
export function triggerText(x: ChartTransition, t: T, lt: (text: LocalizedText) => string): string {
  switch (x.triggerKind) {
    case 'submit':
      return t('chart.trigger.submitted');
    case 'after':
      return afterText(x.trigger, t);
    case 'always':
      return t('chart.trigger.alwaysText');
    case 'event':
      return x.label ? `„${lt(x.label)}“` : humanizeEvent(x.trigger);
    default:
      return t('chart.trigger.linkedText', { event: x.trigger });
  }
}
