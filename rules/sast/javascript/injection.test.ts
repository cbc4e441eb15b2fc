import { exec } from "child_process";
import * as vm from "vm";

export function handler(input: string, req: { body: { code: string } }): void {
  // gatehouse-expect: js-child-process-exec
  exec(`convert ${input} out.png`);
  // gatehouse-ok: js-child-process-exec
  exec("date");
  // gatehouse-expect: js-eval-non-literal
  vm.runInThisContext(req.body.code);
  // gatehouse-ok: js-eval-non-literal
  const n: number = JSON.parse(input);
}
