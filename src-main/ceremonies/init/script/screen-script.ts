// "Write the ceremony script" on the review and record screens: on the review, the script of
// the plan being reviewed, with the ids Custos resolved and the primary chosen at preflight; on
// the record, the same script filled from the ceremony folder's record and transcript. Written
// once where the person typed (a full path; never over an existing file).

import { isAbsolute } from 'node:path';
import { Refusal } from '../../../refusal/refusal';
import type { StageAt } from '../ceremony-stage';
import { buildCeremonyScript, CeremonyScriptError, type ScriptOptions } from './ceremony-script';
import { scriptFromFolder, writeCeremonyScript } from './script-file';
import { renderCeremonyScript } from './script-html';

export async function writeCeremonyScriptFile(
  stage: StageAt<'review' | 'record'>,
  path: string,
  options: ScriptOptions,
): Promise<{ path: string }> {
  if (!isAbsolute(path))
    throw new Refusal(
      'invalid-input',
      'Give the script file as a full path, for example /home/you/ceremony-script.html.',
    );
  const { resolved } = stage;
  const { primary } = resolved;
  try {
    const script =
      stage.step === 'record'
        ? await scriptFromFolder(stage.record.path, options)
        : buildCeremonyScript(
            {
              kind: 'plan',
              plan: resolved.plan,
              primary: {
                serial: primary.serial,
                firmware: primary.firmware,
                simulated: primary.simulated,
              },
            },
            options,
          );
    await writeCeremonyScript(path, renderCeremonyScript(script));
  } catch (error) {
    if (error instanceof CeremonyScriptError)
      throw new Refusal(
        'io-error',
        `${error.message.charAt(0).toUpperCase()}${error.message.slice(1)}.`,
      );
    throw error;
  }
  return { path };
}
