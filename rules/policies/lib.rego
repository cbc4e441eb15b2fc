# Helpers shared by the built-in policies.
package gatehouse.lib

import rego.v1

violation(rule, level, path, line, message) := {
	"rule": rule,
	"level": level,
	"path": path,
	"line": line,
	"message": message,
}
