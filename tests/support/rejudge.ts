/** Re-judging stored evidence: the server's own pure re-judge (it checks lab agents' verdicts too). */
export { rejudge, verdictShape } from '../../src/lab/runtime/rejudge.rules';
