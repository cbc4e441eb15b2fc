const token = Deno.env.get("GITHUB_TOKEN");
if (!token) throw new Error("GITHUB_TOKEN unset");
const res = await fetch(url, { headers: { authorization: `token ${token}` } });
