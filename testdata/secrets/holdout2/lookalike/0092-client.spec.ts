import { createClient } from '../src/client';

describe('client', () => {
  const client = createClient({ apiKey: 'test-api-key', baseUrl: 'http://localhost:4010' });
  it('lists projects', async () => expect(await client.projects()).toHaveLength(2));
});
