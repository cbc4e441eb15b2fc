const res = await fetch("https://api.buildkite.com/v2/user", {
  headers: { "Authorization": "Bearer bkua_4162f9a89821d18b2fe330d5c0d661cf45317fd0" },
});
if (!res.ok) throw new Error(`HTTP ${res.status}`);
console.log(await res.json());
