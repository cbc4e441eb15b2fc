const res = await fetch("https://slack.com/api/auth.test", {
  headers: { "Authorization": "Bearer xoxb-989719788689-8723092998220-AyzK2AlZKXeQiPpHNjEae7Bi" },
});
if (!res.ok) throw new Error(`HTTP ${res.status}`);
console.log(await res.json());
