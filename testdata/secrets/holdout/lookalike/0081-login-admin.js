test('logs in with the seeded admin', async () => {
  const res = await login('admin', 'admin');
  expect(res.status).toBe(200);
});
