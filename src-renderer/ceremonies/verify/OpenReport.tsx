import { OpenReportButton } from '../../components/OpenReportButton';
import { useVerifyIntents, useVerifySending } from './verify-context';

/** The witness's printable report of the verification on screen (components/OpenReportButton). */
export function OpenReport({ ceremonyId }: { ceremonyId: string }) {
  const intents = useVerifyIntents();
  const sending = useVerifySending();
  return (
    <OpenReportButton
      open={() => intents.openReport(ceremonyId)}
      disabled={sending}
      testId="verify-open-report"
    />
  );
}
