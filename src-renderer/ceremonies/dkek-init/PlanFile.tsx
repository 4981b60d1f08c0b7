// The DKEK plan file on the plan screen: the shared PlanFileChoice (as the YubiHSM plan screen's)
// over the dkek-init plan channels. Loading fills the form with the plan's own fields, never a
// PIN or a password (those are typed twice below); main replaces only a file that is a DKEK plan.

import { useEffect, useMemo, useRef } from 'react';
import type { DkekPlanDraft } from '../../../shared/ipc/dkek-init-channels';
import { PlanFileChoice, type PlanFileActions } from '../../components/PlanFileChoice';
import { useDkekInitIntents } from './dkek-init-context';

export function PlanFile(props: {
  draft: () => DkekPlanDraft;
  onLoaded: (plan: DkekPlanDraft) => void;
}) {
  const intents = useDkekInitIntents();
  // The form as it is when the person saves or loads, not as it was when the actions were made.
  const latest = useRef(props);
  useEffect(() => {
    latest.current = props;
  });
  const actions = useMemo<PlanFileActions>(
    () => ({
      list: () => intents.listPlans(),
      load: async (name) => {
        const answer = await intents.loadPlan(name);
        if (!answer?.file || !answer.plan) return null;
        latest.current.onLoaded(answer.plan);
        return answer.file;
      },
      save: async (name, replace) => {
        const saved = await intents.savePlan(name, replace, latest.current.draft());
        if (!saved || saved.outcome === 'cancelled') return { outcome: 'none' };
        return { outcome: saved.outcome, file: saved.file };
      },
    }),
    [intents],
  );
  return (
    <PlanFileChoice
      actions={actions}
      defaultName="dkek-plan"
      testIds="dkek-"
      words={{
        saved: 'It holds no PIN or password.',
        loaded: 'PINs and passwords are never in a plan file: type each twice below.',
      }}
    />
  );
}
