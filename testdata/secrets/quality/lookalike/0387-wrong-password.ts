it('rejects bad credentials', async () => {
  await expect(login('user', 'wrong-password')).rejects.toThrow();
});
