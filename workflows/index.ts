// The workflow bundle's entry point: every workflow type the worker registers.
export { LeadBookingWorkflow } from './leadBooking';
export { PostBookingSequenceWorkflow } from './postBooking';
