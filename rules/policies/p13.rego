# P13 Cloud infrastructure: Terraform resources of AWS, Google Cloud and Azure. Public storage,
# encryption at rest, ingress open to the internet on administration and database ports,
# public databases, wildcard IAM, logging, versioning and key rotation. See README.md in this
# directory for each rule.
#
# Values are those Terraform would give (variables, tfvars, locals and local module arguments
# resolved where literal). A value that is not literal is `${…}` text: unknown, never judged.
package gatehouse.p13

import data.gatehouse.lib
import rego.v1

resources := input.facts.terraform.resources

managed(kind) := managed_of({kind})

managed_of(kinds) := [r | some r in resources; r.mode == "managed"; r.type in kinds]

address(r) := sprintf("%s%s.%s", [r.module, r.type, r.name])

resource_violation(rule, level, r, message) := lib.violation(rule, level, r.path, r.line, sprintf("%s: %s", [address(r), message]))

unknown(value) if {
	is_string(value)
	contains(value, "${")
}

is_true(value) if value == true

is_true(value) if value == "true"

is_false(value) if value == false

is_false(value) if value == "false"

# An argument left out (or null, which Terraform reads as left out), or false.
off(values, key) if object.get(values, key, null) == null

off(values, key) if is_false(values[key])

# A list argument, or [] when it is left out or not known.
list(values, key) := value if {
	value := object.get(values, key, [])
	is_array(value)
} else := []

# A string argument, or "" when it is left out or not a string.
str(values, key) := value if {
	value := object.get(values, key, "")
	is_string(value)
} else := ""

# Nested blocks of a resource (`ingress { … }` twice is a list of two).
blocks(values, key) := [b | some b in list(values, key); is_object(b)]

# ---------------------------------------------------------------------------------------------
# Policy documents: an inline JSON text (jsonencode or heredoc), or a data
# "aws_iam_policy_document" of the same module, as statements
# {effect, actions, resources, public_principal, conditioned}.

as_list(value) := value if is_array(value)

as_list(value) := [value] if not is_array(value)

# A jsonencode() with a part that is not literal is JSON text whose unknown leaves are `${…}`
# strings: the literal parts are still judged.
document_statements(text) := [s |
	is_string(text)
	json.is_valid(text)
	doc := json.unmarshal(text)
	is_object(doc)
	some st in as_list(object.get(doc, "Statement", []))
	is_object(st)
	s := {
		"effect": object.get(st, "Effect", "Allow"),
		"actions": as_list(object.get(st, "Action", [])),
		"resources": as_list(object.get(st, "Resource", [])),
		"public_principal": public_principal(object.get(st, "Principal", null)),
		"conditioned": json_condition_restricts_caller(object.get(st, "Condition", null)),
	}
]

# Condition keys that restrict who calls (a network, an account, an organization, a principal).
# Other conditions (aws:SecureTransport, aws:Referer, aws:UserAgent) leave anyone able to call.
caller_condition_keys := {
	"aws:sourceip", "aws:sourcevpc", "aws:sourcevpce", "aws:principalorgid", "aws:principalorgpaths",
	"aws:principalaccount", "aws:principalarn", "aws:sourceaccount", "aws:sourcearn", "aws:userid",
	"aws:username", "aws:principalservicename", "aws:resourceaccount", "aws:resourceorgid",
	"s3:dataaccesspointaccount", "s3:dataaccesspointarn",
}

json_condition_restricts_caller(condition) := true if {
	is_object(condition)
	some operator, tests in condition
	is_string(operator)
	is_object(tests)
	some key, _ in tests
	is_string(key)
	lower(key) in caller_condition_keys
} else := true if {
	# A condition gatehouse cannot read (not literal) is given the benefit of the doubt.
	is_string(condition)
} else := false

public_principal(p) := true if p == "*"

else := true if {
	is_object(p)
	some value in as_list(object.get(p, "AWS", []))
	value == "*"
}

else := false

data_document_statements(d) := [s |
	some st in blocks(d.values, "statement")
	s := {
		"effect": object.get(st, "effect", "Allow"),
		"actions": as_list(object.get(st, "actions", [])),
		"resources": as_list(object.get(st, "resources", [])),
		"public_principal": block_public_principal(st),
		"conditioned": block_condition_restricts_caller(st),
	}
]

block_condition_restricts_caller(st) := true if {
	some condition in blocks(st, "condition")
	variable := str(condition, "variable")
	lower(variable) in caller_condition_keys
} else := true if {
	some condition in blocks(st, "condition")
	unknown(object.get(condition, "variable", ""))
} else := false

block_public_principal(st) := true if {
	some p in blocks(st, "principals")
	p.type in {"*", "AWS"}
	"*" in list(p, "identifiers")
} else := false

# The statements of a resource's `policy`, following a reference to a policy document data
# source of the same module.
policy_statements(r) := document_statements(r.values.policy) if {
	not startswith(str(r.values, "policy"), "${data.aws_iam_policy_document.")
} else := data_document_statements(d) if {
	some d in resources
	d.mode == "data"
	d.type == "aws_iam_policy_document"
	d.module == r.module
	r.values.policy == sprintf("${data.aws_iam_policy_document.%s.json}", [d.name])
} else := []

# ---------------------------------------------------------------------------------------------
# P13.storage-public

public_acls := {"public-read", "public-read-write", "authenticated-read"}

public_groups := {"http://acs.amazonaws.com/groups/global/AllUsers", "http://acs.amazonaws.com/groups/global/AuthenticatedUsers"}

public_members := {"allUsers", "allAuthenticatedUsers"}

violations contains resource_violation("P13.storage-public", "fail", r, sprintf("the bucket's ACL is `%s`: anyone can read it", [r.values.acl])) if {
	some r in managed("aws_s3_bucket")
	r.values.acl in public_acls
}

violations contains resource_violation("P13.storage-public", "fail", r, sprintf("the bucket ACL is `%s`: anyone can read the bucket", [r.values.acl])) if {
	some r in managed("aws_s3_bucket_acl")
	r.values.acl in public_acls
}

violations contains resource_violation("P13.storage-public", "fail", r, sprintf("the ACL grants %s to %s", [grant.permission, grantee.uri])) if {
	some r in managed("aws_s3_bucket_acl")
	some policy in blocks(r.values, "access_control_policy")
	some grant in blocks(policy, "grant")
	some grantee in blocks(grant, "grantee")
	grantee.uri in public_groups
}

violations contains resource_violation("P13.storage-public", "fail", r, "the bucket policy allows any principal (`*`) with no condition") if {
	some r in managed_of({"aws_s3_bucket_policy", "aws_s3_bucket"})
	some st in policy_statements(r)
	st.effect == "Allow"
	st.public_principal
	not st.conditioned
}

public_access_settings := ["block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"]

violations contains resource_violation("P13.storage-public", "fail", r, sprintf("public access is not blocked: %s off (a setting left out is off)", [concat(", ", left_off)])) if {
	some r in managed_of({"aws_s3_bucket_public_access_block", "aws_s3_account_public_access_block"})
	left_off := [k | some k in public_access_settings; off(r.values, k)]
	count(left_off) > 0
}

violations contains resource_violation("P13.storage-public", "fail", r, sprintf("the bucket is granted to `%s`", [r.values.member])) if {
	some r in managed("google_storage_bucket_iam_member")
	r.values.member in public_members
}

violations contains resource_violation("P13.storage-public", "fail", r, sprintf("the bucket is granted to `%s`", [member])) if {
	some r in managed("google_storage_bucket_iam_binding")
	some member in list(r.values, "members")
	member in public_members
}

violations contains resource_violation("P13.storage-public", "fail", r, sprintf("the bucket ACL grants `%s`", [entity])) if {
	some r in managed("google_storage_bucket_acl")
	some entity in list(r.values, "role_entity")
	is_string(entity)
	some member in public_members
	endswith(entity, concat(":", ["", member]))
}

violations contains resource_violation("P13.storage-public", "fail", r, sprintf("the container's access type is `%s`: its blobs can be read anonymously", [r.values.container_access_type])) if {
	some r in managed("azurerm_storage_container")
	r.values.container_access_type in {"blob", "container"}
}

violations contains resource_violation("P13.storage-public", "fail", r, sprintf("`%s = true` lets containers be public", [key])) if {
	some r in managed("azurerm_storage_account")
	some key in ["allow_nested_items_to_be_public", "allow_blob_public_access"]
	is_true(object.get(r.values, key, null))
}

# ---------------------------------------------------------------------------------------------
# P13.encryption-off

violations contains resource_violation("P13.encryption-off", "fail", r, "storage is not encrypted at rest: set `storage_encrypted = true`") if {
	some r in managed("aws_db_instance")
	off(r.values, "storage_encrypted")
	object.get(r.values, "replicate_source_db", null) == null
}

violations contains resource_violation("P13.encryption-off", "fail", r, "storage is not encrypted at rest: set `storage_encrypted = true`") if {
	some r in managed("aws_rds_cluster")
	off(r.values, "storage_encrypted")
	object.get(r.values, "engine_mode", "") != "serverless"
}

# EBS encryption by default, when the configuration turns it on (`enabled` defaults to true).
ebs_encrypted_by_default if {
	some r in managed("aws_ebs_encryption_by_default")
	not is_false(object.get(r.values, "enabled", true))
}

violations contains resource_violation("P13.encryption-off", "fail", r, "the volume is not encrypted: set `encrypted = true` (or turn on aws_ebs_encryption_by_default)") if {
	some r in managed("aws_ebs_volume")
	off(r.values, "encrypted")
	not ebs_encrypted_by_default
}

violations contains resource_violation("P13.encryption-off", "fail", r, "the file system is not encrypted: set `encrypted = true`") if {
	some r in managed("aws_efs_file_system")
	off(r.values, "encrypted")
}

violations contains resource_violation("P13.encryption-off", "fail", r, "the cache is not encrypted at rest: set `at_rest_encryption_enabled = true`") if {
	some r in managed("aws_elasticache_replication_group")
	off(r.values, "at_rest_encryption_enabled")
}

violations contains resource_violation("P13.encryption-off", "fail", r, "server-side encryption is turned off and no KMS key is set") if {
	some r in managed("aws_sqs_queue")
	is_false(object.get(r.values, "sqs_managed_sse_enabled", null))
	object.get(r.values, "kms_master_key_id", null) == null
}

violations contains resource_violation("P13.encryption-off", "fail", r, "transparent data encryption is turned off") if {
	some r in managed("azurerm_mssql_database")
	is_false(object.get(r.values, "transparent_data_encryption_enabled", null))
}

# ---------------------------------------------------------------------------------------------
# P13.ingress-open: SSH, RDP and database ports open to the internet.

sensitive_ports := {22, 3389, 1433, 1521, 3306, 5432, 5984, 6379, 9042, 9200, 11211, 27017}

open_cidrs := {"0.0.0.0/0", "::/0"}

open_azure_sources := {"*", "0.0.0.0/0", "::/0", "0.0.0.0", "internet", "any"}

port_number(value) := to_number(value) if {
	not unknown(value)
	regex.match(`^[0-9]+$`, sprintf("%v", [value]))
}

# The sensitive ports a from/to range covers.
ports_in_range(from, to) := {p |
	some p in sensitive_ports
	port_number(from) <= p
	p <= port_number(to)
}

# The sensitive ports a port spec ("22", "1000-2000", "*") covers.
ports_in_spec(spec) := sensitive_ports if spec == "*"

else := ports_in_range(parts[0], parts[1]) if {
	parts := split(sprintf("%v", [spec]), "-")
	count(parts) == 2
} else := ports_in_range(spec, spec)

aws_all_protocols := {"-1", "all"}

# The sensitive ports an AWS rule reaches; its protocol is under `protocol_key` (`protocol` for
# security groups and their rules, `ip_protocol` for aws_vpc_security_group_ingress_rule).
aws_ports(rule, protocol_key) := sensitive_ports if {
	lower(sprintf("%v", [object.get(rule, protocol_key, "")])) in aws_all_protocols
} else := ports_in_range(rule.from_port, rule.to_port) if {
	lower(sprintf("%v", [object.get(rule, protocol_key, "")])) in {"tcp", "6"}
} else := set()

open_to_world(rule) if {
	some cidr in array.concat(list(rule, "cidr_blocks"), list(rule, "ipv6_cidr_blocks"))
	cidr in open_cidrs
}

ingress_message(ports) := sprintf("ingress from anywhere (0.0.0.0/0 or ::/0) reaches port %s", [concat(", ", [sprintf("%d", [p]) | some p in sort(ports)])])

violations contains resource_violation("P13.ingress-open", "fail", r, ingress_message(ports)) if {
	some r in managed("aws_security_group")
	ports := union({aws_ports(rule, "protocol") | some rule in blocks(r.values, "ingress"); open_to_world(rule)})
	count(ports) > 0
}

violations contains resource_violation("P13.ingress-open", "fail", r, ingress_message(ports)) if {
	some r in managed("aws_security_group_rule")
	r.values.type == "ingress"
	open_to_world(r.values)
	ports := aws_ports(r.values, "protocol")
	count(ports) > 0
}

violations contains resource_violation("P13.ingress-open", "fail", r, ingress_message(ports)) if {
	some r in managed("aws_vpc_security_group_ingress_rule")
	some key in ["cidr_ipv4", "cidr_ipv6"]
	object.get(r.values, key, "") in open_cidrs
	ports := aws_ports(r.values, "ip_protocol")
	count(ports) > 0
}

gcp_ports(allow) := sensitive_ports if {
	lower(str(allow, "protocol")) in {"tcp", "all"}
	count(list(allow, "ports")) == 0
} else := union({ports_in_spec(spec) | some spec in list(allow, "ports")}) if {
	lower(str(allow, "protocol")) in {"tcp", "all"}
} else := set()

violations contains resource_violation("P13.ingress-open", "fail", r, ingress_message(ports)) if {
	some r in managed("google_compute_firewall")
	upper(str(r.values, "direction")) in {"", "INGRESS"}
	not is_true(object.get(r.values, "disabled", false))
	some source in list(r.values, "source_ranges")
	source in open_cidrs
	ports := union({gcp_ports(allow) | some allow in blocks(r.values, "allow")})
	count(ports) > 0
}

azure_rules contains [r, rule] if {
	some r in managed("azurerm_network_security_rule")
	rule := r.values
}

azure_rules contains [r, rule] if {
	some r in managed("azurerm_network_security_group")
	some rule in blocks(r.values, "security_rule")
}

azure_open_source(rule) if lower(str(rule, "source_address_prefix")) in open_azure_sources

azure_open_source(rule) if {
	some prefix in list(rule, "source_address_prefixes")
	is_string(prefix)
	lower(prefix) in open_azure_sources
}

azure_ports(rule) := union({ports_in_spec(spec) |
	some spec in array.concat(
		[str(rule, "destination_port_range")],
		list(rule, "destination_port_ranges"),
	)
	spec != ""
})

violations contains resource_violation("P13.ingress-open", "fail", r, ingress_message(ports)) if {
	some [r, rule] in azure_rules
	lower(str(rule, "direction")) == "inbound"
	lower(str(rule, "access")) == "allow"
	lower(str(rule, "protocol")) in {"tcp", "*"}
	azure_open_source(rule)
	ports := azure_ports(rule)
	count(ports) > 0
}

# ---------------------------------------------------------------------------------------------
# P13.database-public

violations contains resource_violation("P13.database-public", "fail", r, "`publicly_accessible = true`: the database gets a public address") if {
	some r in managed_of({"aws_db_instance", "aws_rds_cluster_instance", "aws_redshift_cluster"})
	is_true(object.get(r.values, "publicly_accessible", null))
}

# Before version 6 of the AWS provider, a Redshift cluster is public unless told otherwise.
violations contains resource_violation("P13.database-public", "fail", r, "`publicly_accessible` is left out, which the AWS provider before 6.0 reads as true: set it to false") if {
	some r in managed("aws_redshift_cluster")
	object.get(r.values, "publicly_accessible", null) == null
}

violations contains resource_violation("P13.database-public", "fail", r, sprintf("an authorized network is `%s`: any address may connect", [network.value])) if {
	some r in managed("google_sql_database_instance")
	some settings in blocks(r.values, "settings")
	some ip in blocks(settings, "ip_configuration")
	some network in blocks(ip, "authorized_networks")
	network.value in open_cidrs
}

azure_db_firewall_rules := {
	"azurerm_postgresql_firewall_rule",
	"azurerm_mysql_firewall_rule",
	"azurerm_mariadb_firewall_rule",
	"azurerm_mssql_firewall_rule",
	"azurerm_sql_firewall_rule",
	"azurerm_postgresql_flexible_server_firewall_rule",
	"azurerm_mysql_flexible_server_firewall_rule",
}

violations contains resource_violation("P13.database-public", "fail", r, "the firewall rule admits every address (0.0.0.0 to 255.255.255.255)") if {
	some r in managed_of(azure_db_firewall_rules)
	r.values.start_ip_address == "0.0.0.0"
	r.values.end_ip_address == "255.255.255.255"
}

# ---------------------------------------------------------------------------------------------
# P13.iam-wildcard

iam_policy_types := {"aws_iam_policy", "aws_iam_role_policy", "aws_iam_user_policy", "aws_iam_group_policy"}

wildcard(statements) if {
	some st in statements
	st.effect == "Allow"
	"*" in st.actions
	"*" in st.resources
}

iam_message := "a statement allows every action (`*`) on every resource (`*`): grant the actions and resources the role needs"

violations contains resource_violation("P13.iam-wildcard", "fail", r, iam_message) if {
	some r in managed_of(iam_policy_types)
	wildcard(document_statements(str(r.values, "policy")))
}

violations contains resource_violation("P13.iam-wildcard", "fail", r, iam_message) if {
	some r in resources
	r.mode == "data"
	r.type == "aws_iam_policy_document"
	wildcard(data_document_statements(r))
}

violations contains resource_violation("P13.iam-wildcard", "fail", r, "the role definition allows every action (`*`)") if {
	some r in managed("azurerm_role_definition")
	some permissions in blocks(r.values, "permissions")
	"*" in list(permissions, "actions")
}

# ---------------------------------------------------------------------------------------------
# Links from a bucket's separate resources (aws_s3_bucket_logging, _versioning) to the bucket:
# by reference in the same module, or by the same literal name.

refers_to_bucket(value, bucket) if {
	some attribute in ["id", "bucket", "arn"]
	value == sprintf("${aws_s3_bucket.%s.%s}", [bucket.name, attribute])
}

refers_to_bucket(value, bucket) if {
	not unknown(value)
	value == bucket.values.bucket
}

bucket_resources(kind, bucket) := [r |
	some r in managed(kind)
	r.module == bucket.module
	refers_to_bucket(str(r.values, "bucket"), bucket)
]

# ---------------------------------------------------------------------------------------------
# P13.logging-off

violations contains resource_violation("P13.logging-off", "warn", r, "no access logging: add an aws_s3_bucket_logging for it") if {
	some r in managed("aws_s3_bucket")
	count(blocks(r.values, "logging")) == 0
	count(bucket_resources("aws_s3_bucket_logging", r)) == 0
}

violations contains resource_violation("P13.logging-off", "warn", r, "`enable_logging = false`: the trail records nothing") if {
	some r in managed("aws_cloudtrail")
	is_false(object.get(r.values, "enable_logging", null))
}

violations contains resource_violation("P13.logging-off", "warn", r, "no access logging: add a `logging` block") if {
	some r in managed("google_storage_bucket")
	count(blocks(r.values, "logging")) == 0
}

violations contains resource_violation("P13.logging-off", "warn", r, "`enabled = false`: the flow log records nothing") if {
	some r in managed("azurerm_network_watcher_flow_log")
	is_false(object.get(r.values, "enabled", null))
}

# ---------------------------------------------------------------------------------------------
# P13.versioning-off

versioned(bucket) if {
	some v in blocks(bucket.values, "versioning")
	not is_false(object.get(v, "enabled", false))
}

versioned(bucket) if {
	some v in bucket_resources("aws_s3_bucket_versioning", bucket)
	some conf in blocks(v.values, "versioning_configuration")
	status := object.get(conf, "status", "")
	status == "Enabled"
}

versioned(bucket) if {
	some v in bucket_resources("aws_s3_bucket_versioning", bucket)
	some conf in blocks(v.values, "versioning_configuration")
	unknown(object.get(conf, "status", ""))
}

violations contains resource_violation("P13.versioning-off", "warn", r, "versioning is off: an overwritten or deleted object cannot be recovered") if {
	some r in managed("aws_s3_bucket")
	not versioned(r)
}

violations contains resource_violation("P13.versioning-off", "warn", r, "versioning is off: an overwritten or deleted object cannot be recovered") if {
	some r in managed("google_storage_bucket")
	not versioned(r)
}

violations contains resource_violation("P13.versioning-off", "warn", r, "blob versioning is turned off") if {
	some r in managed("azurerm_storage_account")
	some properties in blocks(r.values, "blob_properties")
	is_false(object.get(properties, "versioning_enabled", null))
}

# ---------------------------------------------------------------------------------------------
# P13.kms-rotation-off

violations contains resource_violation("P13.kms-rotation-off", "warn", r, "automatic key rotation is off: set `enable_key_rotation = true`") if {
	some r in managed("aws_kms_key")
	off(r.values, "enable_key_rotation")
	object.get(r.values, "customer_master_key_spec", "SYMMETRIC_DEFAULT") == "SYMMETRIC_DEFAULT"
}

rotation_seconds(period) := to_number(trim_suffix(period, "s")) if {
	is_string(period)
	regex.match(`^[0-9]+(\.[0-9]+)?s$`, period)
}

violations contains resource_violation("P13.kms-rotation-off", "warn", r, "the key is never rotated: set a `rotation_period` of 90 days (7776000s) or less") if {
	some r in managed("google_kms_crypto_key")
	object.get(r.values, "rotation_period", null) == null
	not startswith(str(r.values, "purpose"), "ASYMMETRIC")
}

violations contains resource_violation("P13.kms-rotation-off", "warn", r, sprintf("the key is rotated every %s, more than 90 days (7776000s)", [r.values.rotation_period])) if {
	some r in managed("google_kms_crypto_key")
	rotation_seconds(r.values.rotation_period) > 7776000
}

violations contains resource_violation("P13.kms-rotation-off", "warn", r, "the key has no `rotation_policy`: it is never rotated") if {
	some r in managed("azurerm_key_vault_key")
	count(blocks(r.values, "rotation_policy")) == 0
}

# ---------------------------------------------------------------------------------------------

not_applicable := "no Terraform configuration (.tf)" if count(input.facts.terraform.files) == 0

evidence := input.facts.terraform.files

# Implemented: the configuration holds a control of the catalogue (a public access block, an
# encryption or rotation setting turned on). Enforced: the gate runs on pull requests (P08's
# evidence: changes to the configuration are judged before they merge).
control_types := {"aws_s3_bucket_public_access_block", "aws_s3_account_public_access_block", "aws_ebs_encryption_by_default", "aws_s3_bucket_versioning", "aws_s3_bucket_logging", "aws_s3_bucket_server_side_encryption_configuration"}

implemented := true if {
	count(evidence) > 0
	some r in resources
	r.type in control_types
} else := true if {
	count(evidence) > 0
	some r in managed("aws_kms_key")
	is_true(object.get(r.values, "enable_key_rotation", null))
} else := false if {
	count(evidence) > 0
}

enforced := true if {
	count(evidence) > 0
	data.gatehouse.p08.gate_on_pull_requests
} else := false if {
	count(evidence) > 0
}
