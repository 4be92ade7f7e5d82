// The life cycle of an informatization object as the contract states it (part two,
// "Objects and their life cycle"; 003 §3 7), §9, §19): the stages in order and the valid
// documents each stage needs. The API does not serve this table, so the portal keeps the
// contract's copy to tell a clerk beforehand what the next stage needs; the API's 422
// stays the authority, and its fields are shown beside the documents they name.

export const STAGES = ['initiated', 'engineering', 'trial_operation', 'is_testing', 'implementation', 'operation', 'terminated'];

// A development project's own path (003 §10): re-commissioning ends it; `abandoned` when
// the object was terminated first (003 §19).
export const DEV_STAGES = ['initiated', 'engineering', 'trial_operation', 'is_testing', 'implementation', 'recommissioned'];

// Every kind of document an object takes (ObjectDocumentKind): the stage table's kinds and
// the technical documentation's e-copy the budget gate asks for (003 §4, §18).
export const OBJECT_KINDS = ['technical_documentation', 'terms_of_reference', 'cost_calculation', 'informatization_conclusion',
  'security_conclusion', 'trial_operation_act', 'is_test_result', 'commissioning_act', 'source_code_transfer'];

// [kind, basis, only for a state investment project]
const NEEDS = {
  engineering: [
    ['terms_of_reference', '003 §8'],
    ['cost_calculation', '003 §7'],
    ['informatization_conclusion', '003 §6 ¶2', true],
    ['security_conclusion', '003 §6 ¶2', true],
  ],
  trial_operation: [],
  is_testing: [['trial_operation_act', '003 §9 2)']],
  implementation: [['is_test_result', '003 §9 3)']],
  operation: [
    ['commissioning_act', '003 §9 5), §15'],
    ['source_code_transfer', '003 §11', true],
  ],
  terminated: [],
};

// The basis of entering each stage, for the timeline of stages not yet entered.
export const STAGE_BASIS = {
  initiated: '003 §4, §5',
  engineering: '003 §9 1), §6–§8',
  trial_operation: '003 §9 2)',
  is_testing: '003 §9 2)–3)',
  implementation: '003 §9 4)',
  operation: '003 §9 5), §15, §16 9)',
  terminated: '003 §19',
  recommissioned: '003 §9 5), §10',
};

// required lists {kind, basis} a move to `to` needs under a funding route; a development's
// re-commissioning needs what putting into operation needs.
export function required(to, funding) {
  const rules = NEEDS[to === 'recommissioned' ? 'operation' : to] || [];
  return rules.filter(([, , si]) => !si || funding === 'state_investment').map(([kind, basis]) => ({ kind, basis }));
}

// next is the stage after `stage` on a path, or null after the last.
export function next(stage, path = STAGES) {
  const i = path.indexOf(stage);
  return i < 0 || i === path.length - 1 ? null : path[i + 1];
}

// docsOf keeps the documents of the object itself (dev empty) or of one development.
export const docsOf = (docs, dev) => (docs || []).filter((d) => (d.development || '') === (dev || ''));
