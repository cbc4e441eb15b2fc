router.post("/login", async (req, res) => {
  const { email, password } = req.body;
  const user = await Users.verify(email, password);
  res.json({ ok: Boolean(user) });
});
