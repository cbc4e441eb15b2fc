import type { Request, Response } from "express";
import { readFile } from "fs/promises";

export async function download(req: Request, res: Response): Promise<void> {
  const name = req.query.name as string;
  // gatehouse-expect: js-path-traversal
  const body = await readFile(`/srv/files/${name!}`);
  const safeName: string = "index.html";
  // gatehouse-ok: js-path-traversal
  await readFile(`/srv/files/${safeName}`);
  // gatehouse-expect: js-xss
  res.send(`<pre>${body}</pre>`);
}

const lookup = async (id: string): Promise<unknown> => {
  // gatehouse-ok: js-sql-injection
  return db.query("SELECT * FROM t WHERE id = $1", [id]);
};

export async function user(req: Request, res: Response): Promise<void> {
  // gatehouse-expect: js-sql-injection
  const rows = await client.query(buildQuery(req.params.id));
  res.json(await lookup(req.params.id));
}

function buildQuery(id: string): string {
  return "SELECT * FROM t WHERE id = " + id;
}
