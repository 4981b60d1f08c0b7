// The YubiHSM initialization's plan file on its plan screen: the shared PlanFileChoice over
// init's plan channels (init/list-plans, init/load-plan, init/save-plan).

import { useMemo } from 'react';
import { PlanFileChoice, type PlanFileActions } from '../../../components/PlanFileChoice';
import { useIntents } from '../init-context';

export function PlanFiles({ onLoaded }: { onLoaded: () => void }) {
  const intents = useIntents();
  const actions = useMemo<PlanFileActions>(
    () => ({
      list: async () => {
        const answer = await intents.listPlans();
        return answer.ok ? answer.data : null;
      },
      load: async (name) => (await intents.loadPlan(name)) ?? null,
      save: async (name, replace) => {
        const saved = await intents.savePlan(name, replace);
        if (!saved.ok) return { outcome: 'failed', message: saved.message };
        return saved.data.outcome === 'cancelled'
          ? { outcome: 'none' }
          : { outcome: saved.data.outcome, file: saved.data.file };
      },
    }),
    [intents],
  );
  return (
    <PlanFileChoice
      actions={actions}
      defaultName="plan"
      testIds=""
      words={{
        saved: 'It holds no password.',
        loaded: 'Passwords are never in a plan file: type them below.',
      }}
      onLoaded={onLoaded}
    />
  );
}
