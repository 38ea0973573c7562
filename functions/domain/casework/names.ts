/** Names casework shares with the rest of the lifecycle (kept apart so that any module may import them). */
export const SAFEGUARDING_TASK = 'safeguarding-referral';
export const HIGH_RISK_FLAG = 'high-risk';
export const STALLED_FLAG = 'workflow-stalled';
