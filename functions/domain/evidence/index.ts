/**
 * Evidence as a route module: the tasks evidence raises (a caseworker reviews what a resident
 * sent; decides what to do about a diary sheet that never came back) and the diary sheet's return
 * date, a deadline no workflow waits on. The requests themselves are in the files beside this one.
 */

import type { RouteModule } from '../routes/types.ts';
import { addWorkingDays } from '../time.ts';
import { applyNotReturned, checkStillOut, remindKeeper, sheetDue } from './diary-sheets.ts';
import { applyReview } from './files.ts';
import { DIARY_DEADLINE, NOT_RETURNED_TASK, REVIEW_TASK } from './model.ts';

export const evidence: RouteModule = {
  id: 'evidence',
  title: 'Evidence',
  phases: [],
  tasks: {
    [REVIEW_TASK]: {
      title: 'Review evidence a resident sent',
      groups: ['caseworker'],
      outcomes: ['supports-complaint', 'does-not-support-complaint', 'not-relevant'],
      due: (policy, from) => addWorkingDays(from, policy.evidence.reviewDueWorkingDays),
      onOverdue: 'escalate',
      standalone: { apply: applyReview },
    },
    [NOT_RETURNED_TASK]: {
      title: 'Decide what to do about a diary sheet that was not returned',
      groups: ['caseworker'],
      outcomes: ['close-case', 'continue-investigation'],
      due: (policy, from) => addWorkingDays(from, policy.evidence.diarySheet.notReturnedDueWorkingDays),
      onOverdue: 'escalate',
      check: checkStillOut,
      standalone: { apply: applyNotReturned },
    },
  },
  deadlines: {
    [DIARY_DEADLINE]: {
      remind: remindKeeper,
      standalone: { ended: sheetDue },
    },
  },
  steps: {},
};
