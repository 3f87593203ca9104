import { NotFoundError, RequestInvalidError } from '../../errors.ts';
import type { Issue } from '../../errors.ts';
import { generateTokenSecret, hashTokenSecret } from '../../identity/index.ts';
import type { Role } from '../../storage/repository.ts';
import { refuseRole } from '../case-access.ts';
import { actorOf } from '../context.ts';
import { integerPathParam } from '../params.ts';
import type { RouteModule } from '../route-module.ts';
import { readBody } from '../validate-body.ts';

interface TokenBody {
  role: Role;
  team?: string;
  project?: string;
  name?: string | null;
  expiresDays?: number;
}

/** Which roles name a team, which a research project (SPEC 10: `token create`). */
const NEEDS: Record<Role, 'team' | 'project' | 'nothing'> = {
  operator: 'team',
  coordinator: 'team',
  researcher: 'project',
  methodologist: 'nothing',
  admin: 'nothing',
};

const DAY_MS = 86_400_000;

/** Tokens (admin): listing, creating (the secret is in the response, once), revoking. */
export const tokenRoutes: RouteModule = {
  operations: [
    {
      method: 'get', path: '/api/v1/tokens', operationId: 'listTokens', tag: 'admin', action: 'token.read',
      summary: 'Every token (never a secret or its hash) (admin).',
      responses: { '200': { description: 'Tokens.', schema: 'TokenList' } },
    },
    {
      method: 'post', path: '/api/v1/tokens', operationId: 'createToken', tag: 'admin', action: 'token.create', requestBody: 'TokenCreate',
      summary: 'Create a token (admin); the secret is shown in this response only.',
      responses: { '201': { description: 'Created.', schema: 'TokenCreated' } },
    },
    {
      method: 'post', path: '/api/v1/tokens/{id}/revoke', operationId: 'revokeToken', tag: 'admin', action: 'token.revoke',
      parameters: [{ name: 'id', in: 'path', required: true, description: 'Token id.', schema: { type: 'integer' } }],
      summary: 'Revoke a token (admin).',
      responses: { '200': { description: 'Revoked.', schema: 'Revoked' } },
    },
  ],
  mount(app, deps) {
    app.get('/api/v1/tokens', async (c) => {
      refuseRole(c.get('principal'), 'token.read');
      return c.json({ tokens: await deps.repo.listTokens() });
    });

    app.post('/api/v1/tokens', async (c) => {
      const principal = c.get('principal');
      refuseRole(principal, 'token.create');
      const body = await readBody<TokenBody>(c, deps.validators, 'TokenCreate');
      const needs = NEEDS[body.role];
      const issues: Issue[] = [];
      let team: string | null = null;
      let project: number | null = null;
      if (needs === 'team') {
        if (body.team === undefined) issues.push({ code: 'required', path: '/team', message: 'This role needs a team.' });
        else if ((await deps.repo.getTeam(body.team)) === null) issues.push({ code: 'unknown_team', path: '/team', message: 'No team has this id.' });
        else team = body.team;
      } else if (body.team !== undefined) {
        issues.push({ code: 'not_for_role', path: '/team', message: 'This role has no team.' });
      }
      if (needs === 'project') {
        const found = body.project === undefined ? null : await deps.repo.getProjectByName(body.project);
        if (body.project === undefined) issues.push({ code: 'required', path: '/project', message: 'A researcher token names its research project.' });
        else if (found === null) issues.push({ code: 'unknown_project', path: '/project', message: 'No research project has this name.' });
        else project = found.id;
      } else if (body.project !== undefined) {
        issues.push({ code: 'not_for_role', path: '/project', message: 'This role has no research project.' });
      }
      if (issues.length > 0) throw new RequestInvalidError('The token request is not valid.', issues);

      const secret = generateTokenSecret();
      const expiresAt = body.expiresDays === undefined ? null : new Date(deps.clock().getTime() + body.expiresDays * DAY_MS).toISOString();
      const token = await deps.repo.createToken(
        { hash: hashTokenSecret(secret), role: body.role, name: body.name ?? null, team, project, expiresAt },
        actorOf(principal),
      );
      c.header('cache-control', 'no-store');
      return c.json({ token, secret }, 201);
    });

    app.post('/api/v1/tokens/:id/revoke', async (c) => {
      const principal = c.get('principal');
      refuseRole(principal, 'token.revoke');
      const id = integerPathParam(c.req.param('id'));
      if (!(await deps.repo.revokeToken(id, actorOf(principal)))) throw new NotFoundError('No active token has this id.');
      return c.json({ revoked: true });
    });
  },
};
