import type { Role } from './roles.js';

/** Who is calling the API: the token's name and role, and for an agent token the ACD agent it stands for. */
export interface Principal {
  tokenId: number;
  name: string;
  role: Role;
  /** Set exactly for role agent: the only agent whose calls, leads and state this token reaches. */
  agentId: string | null;
}
