/**
 * The Lead row's status while the host has the lead marked a no-show (next to "meeting-booked"). Written
 * by the no-show activities; read by a provider's webhook part to tell a no-show taken back from an
 * ordinary update (GHL says both through the appointment's status).
 */
export const NO_SHOW_LEAD_STATUS = 'meeting-no-show';
