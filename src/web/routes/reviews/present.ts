/** What leaves the server for the review: the JSON shapes shared with the CLI. */
export { hrefOf, presentDecision, presentHealthChecks, presentItem, presentOutcome, presentReview, presentQueue, presentSettings, type QueueDecision } from '../../../services/review-json.ts';
