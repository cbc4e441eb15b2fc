import { LinearClient } from '@linear/sdk';

const linear = new LinearClient({ apiKey: 'lin_api_BJkCYt8jHdTgNLryo3Ax0xVhfEtwGiKeZLoO1lrq' });

export async function openBugs() {
  return linear.issues({ filter: { labels: { name: { eq: 'bug' } } } });
}
