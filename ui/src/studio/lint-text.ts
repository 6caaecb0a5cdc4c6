import type { Lang } from '../i18n/messages.js';

/*
 * The engine's lint reports its problems in English (they also reach the
 * CLI and the API). The studio shows them in German: each known message is
 * reworded, with what to do; whatever follows it (a hint, "did you mean")
 * is kept. An unknown message is shown as it came.
 */

type Rule = [RegExp, (m: RegExpExecArray) => string];

const TYPES: Record<string, string> = { string: 'ein Text', object: 'ein Objekt { … }', array: 'eine Liste [ … ]', integer: 'eine ganze Zahl', number: 'eine Zahl', boolean: 'true oder false' };

const DE: Rule[] = [
  [/^role "([^"]*)" is not declared in "roles"/, (m) => `Die Rolle „${m[1]}“ steht nicht in „roles“: tragen Sie sie dort ein oder korrigieren Sie den Namen.`],
  [/^form "([^"]*)" does not exist in "forms"/, (m) => `Das Formular „${m[1]}“ gibt es in „forms“ nicht: legen Sie es an oder korrigieren Sie den Namen.`],
  [/^delay "([^"]*)" is neither an ISO 8601 duration \(e\.g\. P14D, PT1H\) nor a name in "delays"/, (m) => `Die Frist „${m[1]}“ ist weder eine ISO-8601-Dauer (z. B. P14D, PT1H) noch ein Name aus „delays“.`],
  [/^"([^"]*)" is not an ISO 8601 duration(?: \(e\.g\. (\w+)\))?/, (m) => `„${m[1]}“ ist keine ISO-8601-Dauer${m[2] ? ` (z. B. ${m[2]})` : ''}.`],
  [/^target state "([^"]*)" does not exist/, (m) => `Den Zielschritt „${m[1]}“ gibt es nicht: korrigieren Sie den Namen.`],
  [/^target "([^"]*)" from the machine root must be written "([^"]*)"/, (m) => `Ein Ziel auf oberster Ebene wird „${m[2]}“ geschrieben, nicht „${m[1]}“.`],
  [/^state "([^"]*)" can never be reached/, (m) => `Der Schritt „${m[1]}“ wird nie erreicht: führen Sie einen Übergang dorthin oder entfernen Sie ihn.`],
  [/^state "([^"]*)" is not final and has no way out/, (m) => `Der Schritt „${m[1]}“ ist kein Endschritt und hat keinen Ausgang: ergänzen Sie einen Übergang oder „type": "final"“.`],
  [/^no transition handles event "([^"]*)" in this state or its ancestors/, (m) => `Kein Übergang dieses Schritts (oder eines übergeordneten) behandelt das Ereignis „${m[1]}“: ergänzen Sie es unter „on“.`],
  [/^unknown guard type "([^"]*)" \(known: ([^)]*)\)/, (m) => `Unbekannte Bedingung „${m[1]}“ (bekannt: ${m[2]}).`],
  [/^unknown action type "([^"]*)" \(known: ([^)]*)\)/, (m) => `Unbekannte Aktion „${m[1]}“ (bekannt: ${m[2]}).`],
  [/^a guard is \{ "type": <catalogue name>, "params": \{\.\.\.\} \}/, () => 'Eine Bedingung hat die Form { "type": <Name aus dem Katalog>, "params": {...} }.'],
  [/^an action is \{ "type": <catalogue name>, "params": \{\.\.\.\} \}/, () => 'Eine Aktion hat die Form { "type": <Name aus dem Katalog>, "params": {...} }.'],
  [/^a task belongs on a state without child states/, () => 'Eine Aufgabe gehört in einen Schritt ohne Unterschritte.'],
  [/^SUBMIT is the task's own event; describe it in meta\.task/, () => 'SUBMIT ist das Ereignis der Aufgabe: beschreiben Sie es unter „meta.task“.'],
  [/^a state with child states needs "initial"/, () => 'Ein Schritt mit Unterschritten braucht „initial“ (den ersten Unterschritt).'],
  [/^initial state "([^"]*)" is not a child of this state/, (m) => `„${m[1]}“ ist kein Unterschritt dieses Schritts: „initial“ muss einen davon nennen.`],
  [/^a final state cannot have child states/, () => 'Ein Endschritt kann keine Unterschritte haben.'],
  [/^a delay has either "duration" or "date"/, () => 'Eine Frist hat entweder „duration“ oder „date“.'],
  [/^"offset" goes with "date"/, () => '„offset“ gehört zu „date“.'],
  [/^not a valid JSON Schema: (.*)$/, (m) => `Kein gültiges JSON Schema: ${m[1]}`],
  [/^a consent field \("x-consent": true\) must not have a default/, () => 'Ein Einwilligungsfeld („x-consent“: true) darf keinen Vorgabewert („default“) haben: eine Einwilligung erteilt die Person selbst.'],
  [/^a consent field \("x-consent": true\) must not have "const"/, () => 'Ein Einwilligungsfeld („x-consent“: true) darf kein „const“ haben, das Formulare vorausfüllen; ist die Einwilligung nötig, schreiben Sie "enum": [true].'],
  [/^must have required property '([^']*)'/, (m) => `Die Pflichtangabe „${m[1]}“ fehlt.`],
  [/^must NOT have additional properties(?: \(([^)]*)\))?/, (m) => `${m[1] ? `„${m[1]}“ ist` : 'Eine Angabe ist'} hier nicht vorgesehen: entfernen oder korrigieren Sie sie.`],
  [/^must be (string|object|array|integer|number|boolean)$/, (m) => `Hier wird ${TYPES[m[1]]} erwartet.`],
  [/^must be equal to one of the allowed values/, () => 'Dieser Wert ist hier nicht erlaubt.'],
  [/^must match pattern "([^"]*)"/, (m) => `Die Schreibweise passt nicht (Muster ${m[1]}).`],
  [/^must NOT have fewer than (\d+) (?:characters|items)/, (m) => `Hier werden mindestens ${m[1]} Zeichen bzw. Einträge erwartet.`],
  [/^not a JSON object/, () => 'Kein JSON-Objekt.'],
];

/** A lint problem's message in the UI language (the engine writes English). */
export function lintText(lang: Lang, message: string): string {
  if (lang !== 'de') return message;
  for (const [re, word] of DE) {
    const m = re.exec(message);
    if (m) return (word(m) + ' ' + message.slice(m[0].length).replace(/^[\s:;,.]+/, '')).trim();
  }
  return message;
}
