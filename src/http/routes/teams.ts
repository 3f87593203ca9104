import { refuseRole } from '../case-access.ts';
import { actorOf } from '../context.ts';
import type { RouteModule } from '../route-module.ts';
import { readBody } from '../validate-body.ts';

/** Teams (admin): listing and creating; a team belongs to one zone. */
export const teamRoutes: RouteModule = {
  operations: [
    {
      method: 'get', path: '/api/v1/teams', operationId: 'listTeams', tag: 'admin', action: 'team.read',
      summary: 'Every team with its zone (admin).',
      responses: { '200': { description: 'Teams.', schema: 'TeamList' } },
    },
    {
      method: 'post', path: '/api/v1/teams', operationId: 'createTeam', tag: 'admin', action: 'team.create', requestBody: 'TeamCreate',
      summary: 'Create a team in a zone (admin).',
      responses: {
        '201': { description: 'Created.', schema: 'Team' },
        '409': { description: 'A team with this id exists.', schema: 'Problem', contentType: 'application/problem+json' },
      },
    },
  ],
  mount(app, deps) {
    app.get('/api/v1/teams', async (c) => {
      refuseRole(c.get('principal'), 'team.read');
      return c.json({ teams: await deps.repo.listTeams() });
    });
    app.post('/api/v1/teams', async (c) => {
      const principal = c.get('principal');
      refuseRole(principal, 'team.create');
      const body = await readBody<{ id: string; zone: string }>(c, deps.validators, 'TeamCreate');
      const team = await deps.repo.createTeam(body, actorOf(principal));
      return c.json(team, 201);
    });
  },
};
