/**
 * SQL for the organisations a user (`u`) works for, with every organisation
 * below a Träger it belongs to (recursively); disabled organisations grant nothing.
 */
export const EFFECTIVE_ORGANISATIONS = `ARRAY(WITH RECURSIVE o(key) AS (
    SELECT m.key FROM organisations AS m WHERE m.tenant_id = u.tenant_id AND m.key = ANY(u.organisations) AND NOT m.disabled
    UNION SELECT c.key FROM organisations AS c JOIN o ON c.parent = o.key WHERE c.tenant_id = u.tenant_id AND NOT c.disabled
  ) SELECT key FROM o ORDER BY key) AS organisations`;
