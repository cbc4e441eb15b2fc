const { exec, execSync, spawn, execFile } = require("child_process");
const cp = require("child_process");
const vm = require("vm");
const serialize = require("node-serialize");

function run(req) {
  const name = req.query.name;
  // gatehouse-expect: js-child-process-exec
  exec(`ls ${name}`, (err, out) => {});
  // gatehouse-expect: js-child-process-exec
  cp.execSync("grep " + name + " /var/log/app.log");
  // gatehouse-ok: js-child-process-exec
  exec("uptime", () => {});
  // gatehouse-ok: js-child-process-exec
  execFile("ls", [name], () => {});
  // gatehouse-expect: js-spawn-shell-true
  spawn("sh", ["-c", name], { shell: true });
  // gatehouse-expect: js-spawn-shell-true
  cp.execFileSync(name, [], { shell: true, stdio: "inherit" });
  // gatehouse-ok: js-spawn-shell-true
  spawn("ls", [name], { stdio: "inherit" });
  // gatehouse-ok: js-spawn-shell-true
  spawn("ls", [name], { shell: false });
  // gatehouse-expect: js-eval-non-literal
  const v = eval(req.body.expr);
  // gatehouse-expect: js-eval-non-literal
  const f = new Function("a", `return a + ${name}`);
  // gatehouse-expect: js-eval-non-literal
  vm.runInNewContext(req.body.code, {});
  // gatehouse-ok: js-eval-non-literal
  const c = eval("2 + 2");
  // gatehouse-expect: js-eval-non-literal
  setTimeout("poll(" + req.query.id + ")");
  // gatehouse-expect: js-eval-non-literal
  setInterval(`tick(${req.query.n})`);
  // gatehouse-ok: js-eval-non-literal
  setTimeout(() => refresh(), 1000);
  return [v, f, c];
}

function matchers(line) {
  // gatehouse-ok: js-child-process-exec
  return /^(\w+)=(.*)$/.exec(line);
}

// gatehouse-expect: js-child-process-exec
require("child_process").exec("tar czf " + process.argv[2] + ".tgz data");
