/**
 * A trunk is the name of a PJSIP endpoint, put into the dial string `PJSIP/<number>@<trunk>`. Any other text there
 * steers the call: `carrier/sip:00…@elsewhere` dials a URI of the writer's choosing, past the do-not-call check,
 * which only ever sees the lead's number. So a trunk is an endpoint name and nothing more.
 */
import { z } from 'zod';

export const trunkName = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'must be a PJSIP endpoint name: letters, digits, _ . - (no / @ : or spaces)');
