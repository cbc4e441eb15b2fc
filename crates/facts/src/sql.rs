//! SQL migrations (PostgreSQL dialect, `sqlparser`): the tables, their row-level security state
//! and their policies, as they stand after every migration has run in path order.
//!
//! Each file is read on its own into a list of changes ([`SqlChange`]); the changes of all
//! files are then replayed in path order ([`replay`]), as a migration tool would run them.

use std::collections::BTreeMap;

use serde::Serialize;
use sqlparser::ast::{
    AlterTableOperation, ColumnDef, CreatePolicyCommand, CreatePolicyType, Expr, Ident, ObjectName,
    ObjectNamePart, ObjectType, Owner, RenameTableNameKind, Statement,
};
use sqlparser::dialect::PostgreSqlDialect;
use sqlparser::parser::Parser;
use sqlparser::tokenizer::Token;

use crate::Located;

/// One change a migration makes to what the facts track.
#[derive(Debug, Clone)]
pub enum SqlChange {
    CreateTable {
        table: String,
        line: u32,
        columns: Vec<String>,
        if_not_exists: bool,
    },
    AddColumns {
        table: String,
        columns: Vec<String>,
    },
    Rls {
        table: String,
        op: RlsOp,
    },
    CreatePolicy(Policy),
    DropPolicy {
        table: String,
        name: String,
    },
    DropTables(Vec<String>),
    RenameTable {
        from: String,
        to: String,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RlsOp {
    Enable,
    Disable,
    Force,
    NoForce,
}

/// A table after all migrations.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Table {
    /// `schema.name`, case-folded as PostgreSQL folds unquoted names.
    pub name: String,
    /// Where it is created.
    pub path: String,
    pub line: u32,
    pub columns: Vec<String>,
    pub rls_enabled: bool,
    pub rls_forced: bool,
}

/// A row-level security policy.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Policy {
    pub name: String,
    pub table: String,
    pub path: String,
    pub line: u32,
    pub permissive: bool,
    /// ALL, SELECT, INSERT, UPDATE or DELETE.
    pub command: String,
    /// Empty means PUBLIC.
    pub roles: Vec<String>,
    pub using: Option<String>,
    pub with_check: Option<String>,
    /// The identifiers the expressions name (string literals left out), case-folded.
    pub using_identifiers: Vec<String>,
    pub with_check_identifiers: Vec<String>,
    /// Whether USING or WITH CHECK is the constant `true`.
    pub always_true: bool,
}

/// The SQL facts of the tree.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct SqlFacts {
    pub files: Vec<String>,
    pub tables: Vec<Table>,
    pub policies: Vec<Policy>,
}

/// Read one SQL file: its changes, and the statements that could not be parsed (each at the
/// line of its first token). A statement that fails is skipped up to the next `;`.
pub fn read(path: &str, text: &str) -> (Vec<SqlChange>, Vec<Located>) {
    let dialect = PostgreSqlDialect {};
    let mut changes = Vec::new();
    let mut errors = Vec::new();
    let mut parser = match Parser::new(&dialect).try_with_sql(text) {
        Ok(parser) => parser,
        Err(e) => {
            // A tokenizer error (an unterminated string or comment) names its line.
            let message = e.to_string();
            errors.push(Located {
                line: line_in_message(&message).unwrap_or(1),
                message: clean(&message),
            });
            return (changes, errors);
        }
    };
    loop {
        while parser.consume_token(&Token::SemiColon) {}
        let start = parser.peek_token();
        if start.token == Token::EOF {
            break;
        }
        let line = u32::try_from(start.span.start.line)
            .unwrap_or(u32::MAX)
            .max(1);
        // An anonymous code block (`DO $$ … $$`) is procedural code sqlparser does not read;
        // what it does is not seen (an RLS change inside it counts as not made).
        if matches!(&start.token, Token::Word(word) if word.value.eq_ignore_ascii_case("DO")) {
            skip_statement(&mut parser);
            continue;
        }
        // `ALTER SYSTEM SET …` changes a server setting (read by the audit scan), not the
        // schema; sqlparser does not parse it.
        if let [Token::Word(first), Token::Word(second)] = parser.peek_tokens::<2>()
            && first.value.eq_ignore_ascii_case("ALTER")
            && second.value.eq_ignore_ascii_case("SYSTEM")
        {
            skip_statement(&mut parser);
            continue;
        }
        match parser.parse_statement() {
            Ok(statement) => {
                let next = parser.peek_token();
                if next.token != Token::SemiColon && next.token != Token::EOF {
                    errors.push(Located {
                        line,
                        message: format!("expected `;` after the statement, found {}", next.token),
                    });
                    skip_statement(&mut parser);
                    continue;
                }
                changes.extend(changes_of(path, line, statement));
            }
            Err(e) => {
                errors.push(Located {
                    line,
                    message: clean(&e.to_string()),
                });
                skip_statement(&mut parser);
            }
        }
    }
    (changes, errors)
}

fn skip_statement(parser: &mut Parser<'_>) {
    loop {
        let token = parser.next_token();
        if token.token == Token::SemiColon || token.token == Token::EOF {
            return;
        }
    }
}

/// sqlparser's message without its "sql parser error: " prefix.
fn clean(message: &str) -> String {
    message
        .trim_start_matches("sql parser error: ")
        .trim()
        .to_string()
}

fn line_in_message(message: &str) -> Option<u32> {
    let at = message.find("Line: ")?;
    let digits: String = message[at + 6..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

fn changes_of(path: &str, line: u32, statement: Statement) -> Vec<SqlChange> {
    match statement {
        Statement::CreateTable(create) => vec![SqlChange::CreateTable {
            table: table_name(&create.name),
            line,
            columns: create.columns.iter().map(column_name).collect(),
            if_not_exists: create.if_not_exists,
        }],
        Statement::AlterTable(alter) => {
            let table = table_name(&alter.name);
            let mut changes = Vec::new();
            let mut added = Vec::new();
            for operation in alter.operations {
                match operation {
                    AlterTableOperation::AddColumn { column_def, .. } => {
                        added.push(column_name(&column_def));
                    }
                    AlterTableOperation::EnableRowLevelSecurity => changes.push(SqlChange::Rls {
                        table: table.clone(),
                        op: RlsOp::Enable,
                    }),
                    AlterTableOperation::DisableRowLevelSecurity => changes.push(SqlChange::Rls {
                        table: table.clone(),
                        op: RlsOp::Disable,
                    }),
                    AlterTableOperation::ForceRowLevelSecurity => changes.push(SqlChange::Rls {
                        table: table.clone(),
                        op: RlsOp::Force,
                    }),
                    AlterTableOperation::NoForceRowLevelSecurity => changes.push(SqlChange::Rls {
                        table: table.clone(),
                        op: RlsOp::NoForce,
                    }),
                    AlterTableOperation::RenameTable { table_name: to } => {
                        let to = match to {
                            RenameTableNameKind::As(name) | RenameTableNameKind::To(name) => name,
                        };
                        // The new name stays in the table's schema.
                        let schema = table.split_once('.').map_or("public", |(s, _)| s);
                        let bare = to.0.last().map_or_else(String::new, object_part);
                        changes.push(SqlChange::RenameTable {
                            from: table.clone(),
                            to: format!("{schema}.{bare}"),
                        });
                    }
                    _ => {}
                }
            }
            if !added.is_empty() {
                changes.insert(
                    0,
                    SqlChange::AddColumns {
                        table,
                        columns: added,
                    },
                );
            }
            changes
        }
        Statement::CreatePolicy(create) => {
            let using = create.using.as_ref().map(ToString::to_string);
            let with_check = create.with_check.as_ref().map(ToString::to_string);
            let always_true = [&create.using, &create.with_check]
                .into_iter()
                .flatten()
                .any(is_constant_true);
            vec![SqlChange::CreatePolicy(Policy {
                name: ident(&create.name),
                table: table_name(&create.table_name),
                path: path.to_string(),
                line,
                permissive: !matches!(create.policy_type, Some(CreatePolicyType::Restrictive)),
                command: match create.command {
                    None | Some(CreatePolicyCommand::All) => "ALL",
                    Some(CreatePolicyCommand::Select) => "SELECT",
                    Some(CreatePolicyCommand::Insert) => "INSERT",
                    Some(CreatePolicyCommand::Update) => "UPDATE",
                    Some(CreatePolicyCommand::Delete) => "DELETE",
                }
                .to_string(),
                roles: create
                    .to
                    .unwrap_or_default()
                    .iter()
                    .map(|owner| match owner {
                        Owner::Ident(name) => ident(name),
                        other => other.to_string().to_ascii_lowercase(),
                    })
                    .collect(),
                using_identifiers: using.as_deref().map(identifiers).unwrap_or_default(),
                with_check_identifiers: with_check.as_deref().map(identifiers).unwrap_or_default(),
                using,
                with_check,
                always_true,
            })]
        }
        Statement::DropPolicy(drop) => vec![SqlChange::DropPolicy {
            table: table_name(&drop.table_name),
            name: ident(&drop.name),
        }],
        Statement::Drop {
            object_type: ObjectType::Table,
            names,
            ..
        } => vec![SqlChange::DropTables(
            names.iter().map(table_name).collect(),
        )],
        _ => Vec::new(),
    }
}

/// An identifier as PostgreSQL stores it: unquoted names folded to lower case.
fn ident(ident: &Ident) -> String {
    if ident.quote_style.is_some() {
        ident.value.clone()
    } else {
        ident.value.to_lowercase()
    }
}

fn object_part(part: &ObjectNamePart) -> String {
    match part {
        ObjectNamePart::Identifier(name) => ident(name),
        other => other.to_string().to_lowercase(),
    }
}

/// `schema.table`; a name without a schema is in `public` (the default search path).
fn table_name(name: &ObjectName) -> String {
    let parts: Vec<String> = name.0.iter().map(object_part).collect();
    match parts.as_slice() {
        [table] => format!("public.{table}"),
        [.., schema, table] => format!("{schema}.{table}"),
        [] => String::new(),
    }
}

fn column_name(column: &ColumnDef) -> String {
    ident(&column.name)
}

fn is_constant_true(expr: &Expr) -> bool {
    match expr {
        Expr::Nested(inner) => is_constant_true(inner),
        Expr::Value(value) => value.to_string().eq_ignore_ascii_case("true"),
        _ => false,
    }
}

/// The identifiers an expression's SQL text names, string literals left out.
fn identifiers(sql: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut chars = sql.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        match c {
            '\'' => {
                // A string literal; '' is an escaped quote inside it.
                while let Some((_, c)) = chars.next() {
                    if c == '\'' {
                        if chars.peek().is_some_and(|(_, n)| *n == '\'') {
                            chars.next();
                        } else {
                            break;
                        }
                    }
                }
            }
            '"' => {
                let start = at + 1;
                let mut end = sql.len();
                for (i, c) in chars.by_ref() {
                    if c == '"' {
                        end = i;
                        break;
                    }
                }
                out.push(sql[start..end].to_string());
            }
            c if c.is_alphabetic() || c == '_' => {
                let mut end = at + c.len_utf8();
                while let Some((i, n)) = chars.peek() {
                    if n.is_alphanumeric() || *n == '_' || *n == '$' {
                        end = i + n.len_utf8();
                        chars.next();
                    } else {
                        break;
                    }
                }
                out.push(sql[at..end].to_lowercase());
            }
            c if c.is_ascii_digit() => {
                while chars
                    .peek()
                    .is_some_and(|(_, n)| n.is_alphanumeric() || *n == '.')
                {
                    chars.next();
                }
            }
            _ => {}
        }
    }
    out.sort();
    out.dedup();
    out
}

/// Replay every file's changes in path order: the schema as the migrations leave it.
pub fn replay(files: &[(String, Vec<SqlChange>)]) -> SqlFacts {
    let mut tables: BTreeMap<String, Table> = BTreeMap::new();
    // Policies in creation order, keyed by (table, name).
    let mut policies: Vec<Policy> = Vec::new();
    let mut sorted: Vec<&(String, Vec<SqlChange>)> = files.iter().collect();
    sorted.sort_by(|a, b| a.0.cmp(&b.0));
    for (path, changes) in &sorted {
        for change in changes {
            match change {
                SqlChange::CreateTable {
                    table,
                    line,
                    columns,
                    if_not_exists,
                } => {
                    if *if_not_exists && tables.contains_key(table) {
                        continue;
                    }
                    policies.retain(|p| &p.table != table);
                    tables.insert(
                        table.clone(),
                        Table {
                            name: table.clone(),
                            path: path.clone(),
                            line: *line,
                            columns: columns.clone(),
                            rls_enabled: false,
                            rls_forced: false,
                        },
                    );
                }
                SqlChange::AddColumns { table, columns } => {
                    if let Some(t) = tables.get_mut(table) {
                        for column in columns {
                            if !t.columns.contains(column) {
                                t.columns.push(column.clone());
                            }
                        }
                    }
                }
                SqlChange::Rls { table, op } => {
                    if let Some(t) = tables.get_mut(table) {
                        match op {
                            RlsOp::Enable => t.rls_enabled = true,
                            RlsOp::Disable => t.rls_enabled = false,
                            RlsOp::Force => t.rls_forced = true,
                            RlsOp::NoForce => t.rls_forced = false,
                        }
                    }
                }
                SqlChange::CreatePolicy(policy) => {
                    policies.retain(|p| !(p.table == policy.table && p.name == policy.name));
                    policies.push(policy.clone());
                }
                SqlChange::DropPolicy { table, name } => {
                    policies.retain(|p| !(&p.table == table && &p.name == name));
                }
                SqlChange::DropTables(names) => {
                    for name in names {
                        tables.remove(name);
                        policies.retain(|p| &p.table != name);
                    }
                }
                SqlChange::RenameTable { from, to } => {
                    if let Some(mut t) = tables.remove(from) {
                        t.name = to.clone();
                        tables.insert(to.clone(), t);
                        for p in policies.iter_mut().filter(|p| &p.table == from) {
                            p.table = to.clone();
                        }
                    }
                }
            }
        }
    }
    SqlFacts {
        files: sorted.iter().map(|(path, _)| path.clone()).collect(),
        tables: tables.into_values().collect(),
        policies,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(files: &[(&str, &str)]) -> (SqlFacts, Vec<(String, Located)>) {
        let mut read_files = Vec::new();
        let mut errors = Vec::new();
        for (path, text) in files {
            let (changes, errs) = read(path, text);
            errors.extend(errs.into_iter().map(|e| (path.to_string(), e)));
            read_files.push((path.to_string(), changes));
        }
        (replay(&read_files), errors)
    }

    #[test]
    fn rls_state_follows_the_migrations_in_path_order() {
        let (facts, errors) = facts(&[
            (
                "db/002_rls.sql",
                "-- enable\nALTER TABLE invoices ENABLE ROW LEVEL SECURITY;\nALTER TABLE public.invoices FORCE ROW LEVEL SECURITY;\n\nCREATE POLICY tenant_isolation ON invoices\n  USING (tenant_id = current_setting('app.tenant_id')::uuid);\n",
            ),
            (
                "db/001_init.sql",
                "\n/* invoices */\nCREATE TABLE invoices (\n  id bigserial PRIMARY KEY,\n  Tenant_ID uuid NOT NULL\n);\nCREATE TABLE \"Audit\" (id int);\n",
            ),
        ]);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(facts.files, ["db/001_init.sql", "db/002_rls.sql"]);
        let invoices = &facts.tables[1];
        assert_eq!(invoices.name, "public.invoices");
        assert_eq!(
            (invoices.path.as_str(), invoices.line),
            ("db/001_init.sql", 3)
        );
        assert_eq!(invoices.columns, ["id", "tenant_id"]);
        assert!(invoices.rls_enabled && invoices.rls_forced);
        assert_eq!(facts.tables[0].name, "public.Audit");
        let policy = &facts.policies[0];
        assert_eq!((policy.line, policy.command.as_str()), (5, "ALL"));
        assert!(policy.using_identifiers.contains(&"tenant_id".to_string()));
        assert!(!policy.using_identifiers.iter().any(|i| i.contains("app")));
        assert!(!policy.always_true);
    }

    #[test]
    fn using_true_drop_policy_and_disable() {
        let (facts, _) = facts(&[(
            "m.sql",
            "CREATE TABLE app.t (org_id int);\nALTER TABLE app.t ENABLE ROW LEVEL SECURITY;\nCREATE POLICY p ON app.t AS RESTRICTIVE FOR SELECT TO app_user USING ((true));\nCREATE POLICY q ON app.t USING (org_id = 1);\nDROP POLICY q ON app.t;\nALTER TABLE app.t DISABLE ROW LEVEL SECURITY;\n",
        )]);
        assert!(!facts.tables[0].rls_enabled);
        assert_eq!(facts.policies.len(), 1);
        let p = &facts.policies[0];
        assert!(p.always_true && !p.permissive);
        assert_eq!(p.command, "SELECT");
        assert_eq!(p.roles, ["app_user"]);
    }

    #[test]
    fn a_bad_statement_is_located_and_the_rest_still_read() {
        let (facts, errors) = facts(&[(
            "m.sql",
            "CREATE TABLE a (tenant_id int);\n\n-- typo\nCREAT TABLE b (x int);\nALTER TABLE a ENABLE ROW LEVEL SECURITY;\n",
        )]);
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].1.line, 4);
        assert!(facts.tables[0].rls_enabled);
    }

    #[test]
    fn an_unterminated_string_is_located() {
        let (_, errors) = facts(&[("m.sql", "SELECT 1;\nSELECT 'abc;\n")]);
        assert_eq!(errors[0].1.line, 2, "{errors:?}");
    }
}
