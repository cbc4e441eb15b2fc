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

# A secret-like name (README.md, "Inputs shared by P01, P02, P06 and P12").
secret_words := {"password", "passwd", "pwd", "secret", "token", "apikey", "credential", "credentials"}

secret_pairs := {"api key", "private key", "access key", "secret key", "client secret"}

not_secret_last := {"file", "path", "ref", "name", "id", "url"}

name_words(name) := [w | some w in regex.split(`[_.-]`, lower(name)); w != ""]

secret_like(name) if {
	words := name_words(name)
	count(words) > 0
	not not_secret_last[words[count(words) - 1]]
	has_secret_word(words)
}

has_secret_word(words) if {
	some w in words
	secret_words[w]
}

has_secret_word(words) if {
	some i, w in words
	i + 1 < count(words)
	secret_pairs[concat(" ", [w, words[i + 1]])]
}

# An image reference without a digest whose tag is `latest` or missing.
image_latest(image) if {
	image.digest == null
	image.tag == null
}

image_latest(image) if {
	image.digest == null
	image.tag == "latest"
}

# A literal value that may be a secret: not empty, not an expression or interpolation, not a
# boolean or a number (`persist-credentials: false` is a setting, not a credential).
literal_secret(value) if {
	is_string(value)
	value != ""
	not contains(value, "${")
	not lower(value) in {"true", "false", "yes", "no", "on", "off"}
	not regex.match(`^[0-9]+$`, value)
}

# A violation found in a running system (`input.facts.live`): its path names the target
# (`vault+http://HOST:PORT/…`) and its key keeps its fingerprint stable whatever the counts in
# its message.
live_violation(rule, level, path, key, message) := {
	"rule": rule,
	"level": level,
	"path": path,
	"line": 0,
	"message": message,
	"key": key,
}

# `; detail` when there is one.
detail(text) := "" if text == null

else := sprintf("; %s", [text])
