// A file that does not load child_process: `exec` here is RegExp.prototype.exec or a local
// function, not a shell.
const versionPattern = /^v(\d+)\.(\d+)/;

function parse(line, input) {
  // gatehouse-ok: js-child-process-exec
  const m = versionPattern.exec(line);
  // gatehouse-ok: js-child-process-exec
  const n = /^WIDTH (.*)/im.exec(input);
  // gatehouse-ok: js-child-process-exec
  return exec(input.command) || m || n;
}

function exec(command) {
  return command.split(" ");
}
